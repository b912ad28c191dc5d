"""HTTP schemas of the trainee's programme, its readers, tutors' lists and access openings."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from competencies.schemas.http import ID, ActivityOut, EnrolmentOut, PlacementOut

STATE = {"description": "not_started until sign-off (issue 9) adds states"}


class ProgrammeItemOut(Schema):
    code = fields.String()
    title = fields.String()
    kind = fields.String()
    description = fields.String()
    wording = fields.String()
    topic = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    activities = fields.List(fields.Nested(ActivityOut))
    assessment = fields.List(fields.String())
    state = fields.String(metadata=STATE)


class ProgrammeGroupOut(Schema):
    code = fields.String()
    title = fields.String()
    kind = fields.String()
    description = fields.String(allow_none=True)
    placement_ids = fields.List(fields.String(), metadata={
        "description": "The trainee's placements whose plan includes this group"})
    items = fields.List(fields.Nested(ProgrammeItemOut))


class AttestationOut(Schema):
    code = fields.String()
    kind = fields.String()
    title = fields.String()
    scope = fields.String()
    placements = fields.List(fields.String(), allow_none=True)
    approver_roles = fields.List(fields.String())
    not_by = fields.List(fields.String(), allow_none=True)
    rule = fields.String()
    state = fields.String(metadata=STATE)


class ProgrammeEnrolmentOut(EnrolmentOut):
    language = fields.String()
    current_placement_id = fields.String(allow_none=True)
    groups = fields.List(fields.Nested(ProgrammeGroupOut))
    attestations = fields.List(fields.Nested(AttestationOut))


class ProgrammeOut(Schema):
    trainee_id = fields.String()
    read_as = fields.String(metadata={
        "description": "trainee | tutor | relationship | administrator | operator"})
    enrolments = fields.List(fields.Nested(ProgrammeEnrolmentOut))


class ReadOut(Schema):
    reader_id = fields.String()
    reader_name = fields.String(allow_none=True)
    read_as = fields.String()
    at = fields.AwareDateTime()
    place_id = fields.String(allow_none=True)
    opening_id = fields.String(allow_none=True)


class ReadsQuery(Schema):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class TutorTraineeOut(Schema):
    trainee_id = fields.String()
    name = fields.String(allow_none=True)
    enrolment_id = fields.String()
    curriculum = fields.String()
    curriculum_version = fields.String()
    programme = fields.String()
    placement_id = fields.String()
    place_id = fields.String()
    place_name = fields.String(allow_none=True)
    element = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    personal_tutor = fields.Boolean()
    visible_until = fields.Date(allow_none=True, metadata={
        "description": "A former trainee: the last day the tutor sees them"})
    opening_id = fields.String(allow_none=True)


class TutorTraineesOut(Schema):
    current = fields.List(fields.Nested(TutorTraineeOut))
    planned = fields.List(fields.Nested(TutorTraineeOut))
    former = fields.List(fields.Nested(TutorTraineeOut))


class HolderTraineeOut(Schema):
    trainee_id = fields.String()
    name = fields.String(allow_none=True)
    enrolments = fields.List(fields.Nested(EnrolmentOut))


class HolderTraineesQuery(Schema):
    state = fields.String(load_default="active", validate=validate.OneOf(("active", "all")))


class OpeningIn(Schema):
    trainee_id = fields.String(required=True, validate=ID)
    place_id = fields.String(required=True, validate=ID)
    opened_until = fields.Date(required=True)
    reason = fields.String(load_default=None, allow_none=True,
                           validate=validate.Length(max=500))


class OpeningOut(Schema):
    opening_id = fields.String()
    trainee_id = fields.String()
    place_id = fields.String()
    agreement_holder_id = fields.String()
    opened_from = fields.Date()
    opened_until = fields.Date()
    reason = fields.String()
    opened_at = fields.AwareDateTime()
    opened_by = fields.String()


class OpeningsQuery(Schema):
    place_id = fields.String(validate=ID)
    trainee_id = fields.String(validate=ID)


PLACEMENT = PlacementOut()
