"""HTTP request and response schemas (the edge; events have their own in portal_contracts)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from invitations.domain.roles import LIS1_ROLES
from portal_kit.db import ROW_ID_MAX

LANGUAGE = validate.OneOf(("nb", "da", "en"))
REASON = validate.Length(min=1, max=500)


class _Strict(Schema):
    """Unknown fields are refused (422), as every portal request schema does."""


class AgreementOut(Schema):
    organisation_id = fields.String()
    organisation_name = fields.String()
    agreement_version = fields.Integer()
    in_force = fields.Boolean()
    may_send_invitations = fields.Boolean()
    changed_at = fields.AwareDateTime()


class InviteIn(_Strict):
    role = fields.String(required=True, validate=validate.OneOf(LIS1_ROLES))
    email = fields.Email(required=True, validate=validate.Length(max=320))
    language = fields.String(load_default=None, validate=LANGUAGE, metadata={
        "description": "The invitee's language for the mail (else the country's)"})
    trainee_id = fields.String(load_default=None, validate=validate.Length(min=1, max=36),
                               metadata={"description": "An administrator invites for this "
                                                        "trainee"})


class RevokeIn(_Strict):
    reason = fields.String(load_default=None, validate=REASON)


class OpenLinkIn(_Strict):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))


class EndRelationshipIn(_Strict):
    reason = fields.String(required=True, validate=REASON)


class _Window(_Strict):
    valid_from = fields.Date(load_default=None)
    valid_to = fields.Date(load_default=None)
    all_trainees = fields.Boolean(required=True, metadata={
        "description": "Aktiv: every trainee of the practice, or only trainee_ids"})
    trainee_ids = fields.List(fields.String(validate=validate.Length(min=1, max=36)),
                              load_default=list, validate=validate.Length(max=200))


class AppointIn(_Window):
    authorisation_id = fields.String(required=True,
                                     validate=validate.Regexp(r"^[0-9A-Za-z]{5}$"))
    given_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    family_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    email = fields.Email(load_default=None, validate=validate.Length(max=320))
    mobile = fields.String(load_default=None, validate=validate.Regexp(r"^\+?[0-9 ]{8,20}$"))
    send_access_email = fields.Boolean(load_default=True)
    place_id = fields.String(load_default=None, validate=validate.Length(min=1, max=36),
                             metadata={"description": "The department, when the tutor has "
                                                      "several practices"})


class ChangeAppointmentIn(_Window):
    pass


class EndAppointmentIn(_Strict):
    reason = fields.String(load_default=None, validate=REASON)


class AuditQuery(_Strict):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))
    before_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=ROW_ID_MAX))


class InvitationOut(Schema):
    id = fields.String()
    trainee_id = fields.String()
    role = fields.String()
    placement_id = fields.String()
    organisation_id = fields.String()
    email = fields.String()
    state = fields.String()
    invited_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()
    reminded_at = fields.AwareDateTime(allow_none=True)
    person_id = fields.String(allow_none=True)
    settled_at = fields.AwareDateTime(allow_none=True)


class RelationshipOut(Schema):
    id = fields.String()
    trainee_id = fields.String()
    person_id = fields.String()
    role = fields.String()
    organisation_id = fields.String()
    place_id = fields.String()
    source = fields.String()
    source_id = fields.String()
    valid_from = fields.Date()
    valid_to = fields.Date(allow_none=True)
    state = fields.String()
    version = fields.Integer()


class PlacementOut(Schema):
    placement_id = fields.String()
    place_id = fields.String()
    agreement_holder_id = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()


class TeamOut(Schema):
    trainee_id = fields.String()
    placement = fields.Nested(PlacementOut, allow_none=True)
    invitations = fields.List(fields.Nested(InvitationOut))
    relationships = fields.List(fields.Nested(RelationshipOut))
    missing_roles = fields.List(fields.String(), metadata={
        "description": "Required roles nobody holds yet (leader, advisor, supervisor)"})
    names = fields.Dict(keys=fields.String(), values=fields.String(), metadata={
        "description": "The names of the trainee and the team's people by person id, as "
                       "their profiles give them (absent while a profile is not known here "
                       "yet)"})


class OpenedOut(Schema):
    invitation_id = fields.String(attribute="invitation.id")
    role = fields.String(attribute="invitation.role")
    trainee_name = fields.String()
    organisation_name = fields.String()
    organisation_id = fields.String(attribute="invitation.organisation_id")
    expires_at = fields.AwareDateTime(attribute="invitation.expires_at")
    registration_ticket = fields.String(metadata={
        "description": "JWT for identity's authorize request (parameter registration_ticket)"})


class ActingOut(Schema):
    relationship_id = fields.String(allow_none=True)
    trainee_id = fields.String()
    person_id = fields.String()
    role = fields.String()
    organisation_id = fields.String()
    place_id = fields.String()
    valid_from = fields.Date(allow_none=True)
    valid_to = fields.Date(allow_none=True)
    trainee_name = fields.String(allow_none=True)
    person_name = fields.String(allow_none=True)


class PracticeOut(Schema):
    place_id = fields.String()
    name = fields.String()
    agreement_holder_id = fields.String()


class AppointmentOut(Schema):
    id = fields.String()
    tutor_id = fields.String()
    person_id = fields.String(allow_none=True)
    place_id = fields.String()
    organisation_id = fields.String()
    authorisation_id = fields.String()
    given_name = fields.String()
    family_name = fields.String()
    email = fields.String(allow_none=True)
    mobile = fields.String(allow_none=True)
    valid_from = fields.Date(allow_none=True)
    valid_to = fields.Date(allow_none=True)
    all_trainees = fields.Boolean()
    trainee_ids = fields.List(fields.String())
    send_access_email = fields.Boolean()
    state = fields.String()
    appointed_at = fields.AwareDateTime()
    ended_at = fields.AwareDateTime(allow_none=True)


class OverviewOut(Schema):
    organisation_id = fields.String()
    teams = fields.List(fields.Nested(TeamOut))
    appointments = fields.List(fields.Nested(AppointmentOut))


class AuditEntryOut(Schema):
    id = fields.Integer()
    at = fields.AwareDateTime()
    correlation_id = fields.String(allow_none=True)
    actor = fields.String(attribute="entry.actor")
    action = fields.String(attribute="entry.action")
    subject_type = fields.String(attribute="entry.subject_type")
    subject_id = fields.String(attribute="entry.subject_id")
    trainee_id = fields.String(attribute="entry.trainee_id", allow_none=True)
    organisation_id = fields.String(attribute="entry.organisation_id", allow_none=True)
    from_state = fields.String(attribute="entry.from_state", allow_none=True)
    to_state = fields.String(attribute="entry.to_state", allow_none=True)
    reason = fields.String(attribute="entry.reason", allow_none=True)
    detail = fields.Dict(attribute="entry.detail")
