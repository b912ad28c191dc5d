"""Identity's HTTP request and response bodies."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from identity.domain.model import AgreementStatus, OrganisationKind, Party

NAME = validate.Length(min=1, max=200)


class _Strict(Schema):
    class Meta:
        ordered = True


class RegisterOrganisationIn(_Strict):
    name = fields.String(required=True, validate=NAME)
    kind = fields.String(required=True,
                         validate=validate.OneOf([k.value for k in OrganisationKind]))
    country = fields.String(required=True, validate=validate.OneOf(["NO", "DK"]))
    organisation_number = fields.String(required=True, validate=[
        validate.Length(min=1, max=40), validate.Regexp(r"^[0-9A-Za-z-]+$")])
    contact_email = fields.Email(required=True, validate=validate.Length(max=320))


class SignAgreementIn(_Strict):
    signatory_name = fields.String(required=True, validate=NAME, metadata={
        "description": "Who signed for the organisation"})


class TerminateAgreementIn(_Strict):
    terminated_by_party = fields.String(required=True, validate=validate.OneOf(
        [p.value for p in Party]))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class TokenIn(_Strict):
    grant_type = fields.String(required=True, validate=validate.OneOf(["client_credentials"]))
    client_id = fields.String(required=True, validate=validate.Length(min=1, max=200))
    client_secret = fields.String(required=True, validate=validate.Length(min=1, max=500))
    scope = fields.String(load_default=None, validate=validate.Length(max=500))


class TokenOut(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()


class OrganisationOut(Schema):
    id = fields.String()
    name = fields.String()
    kind = fields.Function(lambda o: o.kind.value)
    country = fields.String()
    organisation_number = fields.String()
    contact_email = fields.Email()
    registered_at = fields.AwareDateTime()
    agreement = fields.Function(lambda o: AgreementOut().dump(o))


class AgreementOut(Schema):
    status = fields.Function(lambda o: o.agreement_status.value, metadata={
        "description": " | ".join(s.value for s in AgreementStatus)})
    version = fields.Integer(attribute="agreement_version")
    signatory_name = fields.String(allow_none=True)
    signed_at = fields.AwareDateTime(allow_none=True)
    terminated_at = fields.AwareDateTime(allow_none=True)
    terminated_by_party = fields.Function(
        lambda o: o.terminated_by_party.value if o.terminated_by_party else None)
    termination_reason = fields.String(allow_none=True)


class AgreementStatusOut(Schema):
    """One line of the public list: the agreement status of one organisation."""

    organisation_id = fields.String(attribute="id")
    name = fields.String()
    kind = fields.Function(lambda o: o.kind.value)
    country = fields.String()
    status = fields.Function(lambda o: o.agreement_status.value)
    signed_at = fields.AwareDateTime(allow_none=True)
    terminated_at = fields.AwareDateTime(allow_none=True)
