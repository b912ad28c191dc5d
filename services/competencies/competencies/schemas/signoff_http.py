"""Sign-off HTTP request and response schemas. Requests refuse unknown fields; a missing
comment, reference or reason is left to the domain, which answers with its own code."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

TEXT = validate.Length(max=2000)
VERSIONS = validate.Range(min=0, max=2 ** 31 - 1)
ABOUT_VERSION = {"description": "The record's version you read (optimistic locking: 409 "
                                "version_conflict when it changed meanwhile)"}


def _version(required: bool) -> fields.Integer:
    if required:
        return fields.Integer(required=True, validate=VERSIONS, metadata=ABOUT_VERSION)
    return fields.Integer(load_default=None, allow_none=True, validate=VERSIONS,
                          metadata=ABOUT_VERSION)


class SubmitIn(Schema):
    version = _version(False)


class DecisionIn(Schema):
    version = _version(True)
    comment = fields.String(load_default=None, allow_none=True, validate=TEXT)


class ReturnIn(Schema):
    version = _version(True)
    comment = fields.String(load_default="", validate=TEXT)


class RecommendIn(Schema):
    version = _version(False)
    comment = fields.String(load_default=None, allow_none=True, validate=TEXT)


class ActivityIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=500))
    performed_on = fields.Date(load_default=None)


class ItemDecisionIn(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=100))
    version = _version(True)


class ApproveSeveralIn(Schema):
    items = fields.List(fields.Nested(ItemDecisionIn), required=True,
                        validate=validate.Length(min=1, max=200))
    comment = fields.String(load_default=None, allow_none=True, validate=TEXT)


def _placement() -> fields.String:
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(max=36),
                         metadata={"description": "The placement the attestation is for"})


class AttestIn(Schema):
    placement_id = _placement()
    comment = fields.String(load_default=None, allow_none=True, validate=TEXT)
    version = _version(False)


class AttestationSubmitIn(Schema):
    placement_id = _placement()
    version = _version(False)


class AttestationReturnIn(ReturnIn):
    placement_id = _placement()


class ResetIn(Schema):
    version = _version(True)
    placement_id = fields.String(load_default=None, allow_none=True,
                                 validate=validate.Length(max=36))
    reference = fields.String(load_default="", validate=validate.Length(max=200))
    reason = fields.String(load_default="", validate=TEXT)


class PlacementQuery(Schema):
    placement_id = fields.String(load_default=None, validate=validate.Length(max=36))


class OverviewQuery(Schema):
    waiting_days = fields.Integer(load_default=14, validate=validate.Range(min=0, max=3650))


class DelegationIn(Schema):
    delegate_id = fields.String(required=True, validate=validate.Length(min=1, max=200))
    organisation_id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    valid_from = fields.Date(required=True)
    valid_to = fields.Date(required=True)


class ActivityOut(Schema):
    activity_id = fields.String()
    title = fields.String()
    performed_on = fields.Date()
    logged_at = fields.AwareDateTime()
    confirmed_by = fields.String(allow_none=True)
    confirmed_at = fields.AwareDateTime(allow_none=True)


class RecommendationOut(Schema):
    by = fields.String()
    role = fields.String()
    comment = fields.String(allow_none=True)
    at = fields.AwareDateTime()


class HistoryOut(Schema):
    id = fields.Integer()
    at = fields.AwareDateTime()
    actor = fields.String()
    on_behalf_of = fields.String(allow_none=True)
    action = fields.String()
    subject_type = fields.String()
    subject_id = fields.String()
    from_state = fields.String(allow_none=True)
    to_state = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    detail = fields.Dict()
    correlation_id = fields.String(allow_none=True)


class EvidenceDocumentOut(Schema):
    document_id = fields.String()
    kind = fields.String(allow_none=True, metadata={
        "description": "course_certificate | time_attestation | other"})
    confirmed_at = fields.AwareDateTime(allow_none=True)
    confirmed_by = fields.String(allow_none=True)
    content_url = fields.String(metadata={
        "description": "Where documents serves it (to those its own access rule lets in)"})


class SignOffOut(Schema):
    sign_off_id = fields.String(allow_none=True)
    code = fields.String()
    title = fields.String()
    kind = fields.String()
    placement_id = fields.String(allow_none=True)
    placement_ends_on = fields.Date(allow_none=True)
    state = fields.String(metadata={"description": "not_started | ready_for_approval | "
                                                   "approved | returned"})
    version = fields.Integer()
    approver_id = fields.String(allow_none=True)
    submitted_at = fields.AwareDateTime(allow_none=True)
    decided_at = fields.AwareDateTime(allow_none=True)
    decided_by = fields.String(allow_none=True)
    decided_role = fields.String(allow_none=True)
    on_behalf_of = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)
    activities = fields.List(fields.Nested(ActivityOut))
    recommendations = fields.List(fields.Nested(RecommendationOut))
    documents = fields.List(fields.Nested(EvidenceDocumentOut), metadata={
        "description": "Confirmed paper documents linked to it (for the confirmation of "
                       "paper documents: every confirmed document of the enrolment)"})
    paper_evidence = fields.String(allow_none=True, metadata={
        "description": "Where the curriculum asks for confirmed paper documents: "
                       "awaiting_confirmation | confirmed | rejected | missing (null: none "
                       "linked, or not asked for); see README Sign-off, paper evidence"})


class AttestationProgressOut(SignOffOut):
    may_give = fields.Boolean(metadata={
        "description": "Whether the caller may give (or return) it today: their role and "
                       "its window, by the rule the approval applies"})


class SignOffDetailOut(SignOffOut):
    history = fields.List(fields.Nested(HistoryOut))


class GroupProgressOut(Schema):
    code = fields.String()
    title = fields.String()
    kind = fields.String()
    total = fields.Integer()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    items = fields.List(fields.Nested(SignOffOut))


class MissingOut(Schema):
    code = fields.String()
    kind = fields.String()
    placement_id = fields.String(allow_none=True)


class ProgressOut(Schema):
    enrolment_id = fields.String()
    trainee_id = fields.String()
    programme = fields.String()
    curriculum = fields.String()
    curriculum_version = fields.String()
    groups = fields.List(fields.Nested(GroupProgressOut))
    attestations = fields.List(fields.Nested(AttestationProgressOut))
    may = fields.List(fields.String(), metadata={
        "description": "What the caller may do to the items today (approve_item, recommend, "
                       "confirm_activity), by the rule the decisions apply: pages show only "
                       "these actions"})
    required = fields.Integer()
    approved = fields.Integer()
    missing = fields.List(fields.Nested(MissingOut))
    missing_elements = fields.List(fields.String(), metadata={
        "description": "Required training elements without a placement yet"})
    completed_at = fields.AwareDateTime(allow_none=True)
    credential_id = fields.String(allow_none=True)


class QueueEntryOut(Schema):
    trainee_id = fields.String()
    trainee_name = fields.String()
    enrolment_id = fields.String()
    curriculum = fields.String()
    items = fields.List(fields.Nested(SignOffOut))
    attestations = fields.List(fields.Nested(SignOffOut), metadata={
        "description": "Attestations of a placement marked ready for me, oldest first"})


class OverviewTraineeOut(Schema):
    trainee_id = fields.String()
    enrolment_id = fields.String()
    curriculum = fields.String()
    required = fields.Integer()
    approved = fields.Integer()
    percent_complete = fields.Float()
    completed_at = fields.AwareDateTime(allow_none=True)
    waiting = fields.List(fields.Nested(SignOffOut))


class OverviewOut(Schema):
    agreement_holder_id = fields.String()
    waiting_days = fields.Integer()
    trainees = fields.List(fields.Nested(OverviewTraineeOut))


class DelegationOut(Schema):
    delegation_id = fields.String()
    leader_id = fields.String()
    delegate_id = fields.String()
    organisation_id = fields.String()
    valid_from = fields.Date()
    valid_to = fields.Date()
    granted_at = fields.AwareDateTime()
    ended_at = fields.AwareDateTime(allow_none=True)


class MoveIn(Schema):
    curriculum_version = fields.String(required=True, validate=validate.Length(min=1, max=40))


class MovedOut(Schema):
    enrolment_id = fields.String()
    curriculum_version = fields.String()
    from_version = fields.String()
    carried = fields.Integer(metadata={"description": "Records carried to the new version"})
    approved = fields.Integer(metadata={"description": "Of them, approvals that carried over"})
