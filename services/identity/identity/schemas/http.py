"""Identity's HTTP request and response bodies."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from identity.adapters.oauth.clients import MACHINE_SCOPES
from identity.domain.model import AgreementStatus, OrganisationKind, Party
from identity.domain.people import LANGUAGES, Role
from portal_kit.db import ROW_ID_MAX

NAME = validate.Length(min=1, max=200)
NUMBER = [validate.Length(min=1, max=40), validate.Regexp(r"^[0-9A-Za-z -]+$")]
COUNTRY = validate.OneOf(["NO", "DK"])
MOBILE = validate.Regexp(r"^\+?[0-9 ]{5,20}$", error="Not a phone number.")
ZONES = validate.OneOf(["Europe/Oslo", "Europe/Copenhagen", "UTC"])


class _Strict(Schema):
    class Meta:
        ordered = True


class RegisterOrganisationIn(_Strict):
    name = fields.String(required=True, validate=NAME)
    kind = fields.String(required=True,
                         validate=validate.OneOf([k.value for k in OrganisationKind]))
    country = fields.String(required=True, validate=COUNTRY)
    organisation_number = fields.String(load_default=None, validate=NUMBER, metadata={
        "description": "Organisasjonsnummer (NO) or CVR (DK), checked with python-stdnum"})
    contact_email = fields.Email(load_default=None, validate=validate.Length(max=320))
    code = fields.String(load_default=None, validate=[validate.Length(min=1, max=40),
                                                      validate.Regexp(r"^[0-9A-Za-z-]+$")])
    agreement_holder_id = fields.String(load_default=None, validate=validate.Length(max=36),
                                        metadata={"description": "Required for a place"})


class OnboardOrganisationIn(_Strict):
    organisation_number = fields.String(load_default=None, validate=NUMBER)
    contact_email = fields.Email(load_default=None, validate=validate.Length(max=320))


class SignAgreementIn(_Strict):
    signatory_name = fields.String(load_default=None, validate=NAME, metadata={
        "description": "Operator only: who signed on paper. A designated signatory signing "
                       "with eID leaves it out."})
    text_version = fields.Integer(load_default=None, validate=validate.Range(
        min=1, max=ROW_ID_MAX), metadata={
        "description": "The agreement text version signed (default: the newest)"})


class TerminateAgreementIn(_Strict):
    terminated_by_party = fields.String(required=True, validate=validate.OneOf(
        [p.value for p in Party]))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class AgreementTextIn(_Strict):
    title = fields.String(required=True, validate=NAME)
    body = fields.String(required=True, validate=validate.Length(min=1, max=200_000))


class MembershipIn(_Strict):
    person_id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in Role]))


class WithdrawMembershipIn(MembershipIn):
    reason = fields.String(load_default=None, validate=validate.Length(max=2000))


class CreateProfileIn(_Strict):
    country = fields.String(required=True, validate=COUNTRY)
    organisation_id = fields.String(load_default=None, validate=validate.Length(max=36),
                                    metadata={"description": "On whose behalf (required for "
                                                             "administrators)"})
    hpr_number = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9]{5,9}$"))
    authorisation_id = fields.String(load_default=None,
                                     validate=validate.Regexp(r"^[0-9A-Za-z]{5}$"))
    national_id = fields.String(load_default=None, load_only=True,
                                validate=validate.Regexp(r"^[0-9 -]{10,13}$"), metadata={
                                    "description": "For a person outside the register (e.g. "
                                                   "an administrator); kept only as a keyed "
                                                   "hash"})
    given_name = fields.String(load_default=None, validate=NAME)
    family_name = fields.String(load_default=None, validate=NAME)
    email = fields.Email(load_default=None, validate=validate.Length(max=320))
    mobile = fields.String(load_default=None, validate=MOBILE)


class RegistrationIn(_Strict):
    given_name = fields.String(required=True, validate=NAME)
    family_name = fields.String(required=True, validate=NAME)
    email = fields.Email(required=True, validate=validate.Length(max=320))
    mobile = fields.String(load_default=None, allow_none=True, validate=MOBILE)
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))


class ProfileChangeIn(_Strict):
    email = fields.Email(validate=validate.Length(max=320))
    mobile = fields.String(allow_none=True, validate=MOBILE)
    language = fields.String(validate=validate.OneOf(LANGUAGES))
    time_zone = fields.String(validate=ZONES)


class RegisterSearchQuery(_Strict):
    country = fields.String(load_default=None, validate=COUNTRY)
    name = fields.String(load_default=None, validate=validate.Length(min=2, max=100))
    hpr_number = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9]{5,9}$"))
    authorisation_id = fields.String(load_default=None,
                                     validate=validate.Regexp(r"^[0-9A-Za-z]{5}$"))


class OrganisationsQuery(_Strict):
    kind = fields.String(load_default=None,
                         validate=validate.OneOf([k.value for k in OrganisationKind]))
    holder_id = fields.String(load_default=None, validate=validate.Length(max=36))


class ClientIn(_Strict):
    client_id = fields.String(required=True, validate=[validate.Length(min=3, max=100),
                                                       validate.Regexp(r"^[a-z0-9-]+$")])
    name = fields.String(required=True, validate=NAME)
    scopes = fields.List(fields.String(validate=validate.OneOf(MACHINE_SCOPES)),
                         required=True, validate=validate.Length(min=1))


class TokenIn(_Strict):
    """Form parameters of the token endpoint (RFC 6749, 7636)."""

    grant_type = fields.String(required=True, validate=validate.OneOf(
        ["authorization_code", "refresh_token", "client_credentials"]))
    client_id = fields.String(validate=validate.Length(max=200))
    client_secret = fields.String(validate=validate.Length(max=500))
    code = fields.String(validate=validate.Length(max=500))
    code_verifier = fields.String(validate=validate.Length(max=200))
    redirect_uri = fields.String(validate=validate.Length(max=2000))
    refresh_token = fields.String(validate=validate.Length(max=500))
    scope = fields.String(validate=validate.Length(max=500))


class TokenOut(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    scope = fields.String()
    refresh_token = fields.String()
    id_token = fields.String()


class OrganisationOut(Schema):
    id = fields.String()
    name = fields.String()
    kind = fields.Function(lambda o: o.kind.value)
    country = fields.String()
    organisation_number = fields.String(allow_none=True)
    contact_email = fields.Email(allow_none=True)
    code = fields.String(allow_none=True)
    agreement_holder_id = fields.String(allow_none=True)
    registered_at = fields.AwareDateTime()
    agreement = fields.Function(lambda o: AgreementOut().dump(o) if o.is_holder else None)


class AgreementOut(Schema):
    status = fields.Function(lambda o: o.agreement_status.value, metadata={
        "description": " | ".join(s.value for s in AgreementStatus)})
    version = fields.Integer(attribute="agreement_version")
    text_version = fields.Integer(attribute="agreement_text_version", allow_none=True)
    signatory_name = fields.String(allow_none=True)
    signatory_person_id = fields.String(allow_none=True)
    signature_method = fields.String(allow_none=True)
    signed_at = fields.AwareDateTime(allow_none=True)
    terminated_at = fields.AwareDateTime(allow_none=True)
    terminated_by_party = fields.Function(
        lambda o: o.terminated_by_party.value if o.terminated_by_party else None)
    termination_reason = fields.String(allow_none=True)


class AgreementStatusOut(Schema):
    """One line of the public list: the agreement status of one agreement holder."""

    organisation_id = fields.String(attribute="id")
    name = fields.String()
    kind = fields.Function(lambda o: o.kind.value)
    country = fields.String()
    code = fields.String(allow_none=True)
    status = fields.Function(lambda o: o.agreement_status.value)
    text_version = fields.Integer(attribute="agreement_text_version", allow_none=True)
    signed_at = fields.AwareDateTime(allow_none=True)
    terminated_at = fields.AwareDateTime(allow_none=True)


class HistoryOut(Schema):
    agreement_version = fields.Integer()
    action = fields.String()
    at = fields.AwareDateTime()
    recorded_by = fields.String()
    text_version = fields.Integer(allow_none=True)
    signatory_name = fields.String(allow_none=True)
    signatory_person_id = fields.String(allow_none=True)
    method = fields.String(allow_none=True)
    party = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)


class AgreementTextOut(Schema):
    version = fields.Integer()
    title = fields.String()
    body = fields.String()
    published_at = fields.AwareDateTime()
    published_by = fields.String()


class MembershipOut(Schema):
    organisation_id = fields.String()
    role = fields.Function(lambda m: m.role.value)
    granted_at = fields.AwareDateTime()
    granted_by = fields.String()


class PersonOut(Schema):
    """A person as identity shows them: never the national identity number."""

    id = fields.String()
    status = fields.Function(lambda p: p.status.value)
    country = fields.String()
    given_name = fields.String()
    family_name = fields.String()
    email = fields.Email(allow_none=True)
    mobile = fields.String(allow_none=True)
    language = fields.String()
    time_zone = fields.String()
    hpr_number = fields.String(allow_none=True)
    authorisation_id = fields.String(attribute="dk_authorisation_id", allow_none=True)
    operator = fields.Boolean(attribute="is_operator")
    organisation_id = fields.String(allow_none=True)
    memberships = fields.List(fields.Nested(MembershipOut))


class InvitationOut(Schema):
    invitation_id = fields.String()
    trainee = fields.String()
    role = fields.String()
    organisation_id = fields.String()


class RegistrationOut(Schema):
    """What identity knows before the form: names from eID, the invitation if any."""

    person_id = fields.Function(lambda v: v.person.id)
    status = fields.Function(lambda v: v.person.status.value)
    given_name = fields.Function(lambda v: v.person.given_name)
    family_name = fields.Function(lambda v: v.person.family_name)
    email = fields.Function(lambda v: v.person.email)
    mobile = fields.Function(lambda v: v.person.mobile)
    language = fields.Function(lambda v: v.person.language)
    country = fields.Function(lambda v: v.person.country)
    invitation = fields.Nested(InvitationOut, allow_none=True)


class RegisterEntryOut(Schema):
    country = fields.String()
    hpr_number = fields.String(allow_none=True)
    authorisation_id = fields.String(allow_none=True)
    given_name = fields.String()
    family_name = fields.String()
    birth_year = fields.Integer()
    profession = fields.String()
    specialty = fields.String(allow_none=True)
    status = fields.String()


class ClientOut(Schema):
    client_id = fields.String()
    name = fields.String()
    scopes = fields.List(fields.String())
    client_secret = fields.String(metadata={"description": "Shown once"})


class AuditQuery(_Strict):
    subject_type = fields.String(load_default=None, validate=validate.Length(max=100))
    subject_id = fields.String(load_default=None, validate=validate.Length(max=200))
    organisation_id = fields.String(load_default=None, validate=validate.Length(max=200))
    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=1000))
    before_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=ROW_ID_MAX))


class AuditOut(Schema):
    """One audit entry: who did what, when, on whose behalf, why."""

    id = fields.Integer()
    at = fields.AwareDateTime()
    correlation_id = fields.String(allow_none=True)
    actor = fields.Function(lambda r: r.entry.actor)
    action = fields.Function(lambda r: r.entry.action)
    subject_type = fields.Function(lambda r: r.entry.subject_type)
    subject_id = fields.Function(lambda r: r.entry.subject_id)
    organisation_id = fields.Function(lambda r: r.entry.organisation_id)
    from_state = fields.Function(lambda r: r.entry.from_state)
    to_state = fields.Function(lambda r: r.entry.to_state)
    reason = fields.Function(lambda r: r.entry.reason)
    detail = fields.Function(lambda r: dict(r.entry.detail))
