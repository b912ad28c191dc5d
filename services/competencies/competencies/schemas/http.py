"""HTTP request and response schemas (the edge; events have their own in portal_contracts).

Request schemas refuse unknown fields (422 ``validation_failed``).
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

ID = validate.Length(min=1, max=36)
REASON = validate.Length(max=500)


def _id(**kwargs: object) -> fields.String:
    return fields.String(required=True, validate=ID, **kwargs)  # type: ignore[arg-type]


class AgreementOut(Schema):
    organisation_id = fields.String()
    organisation_name = fields.String()
    agreement_version = fields.Integer()
    in_force = fields.Boolean()
    may_record_sign_offs = fields.Boolean()
    changed_at = fields.AwareDateTime()


# --- curricula -------------------------------------------------------------------------
class ElementOut(Schema):
    code = fields.String()
    title = fields.String()
    kind = fields.String(metadata={"description": "hospital | psychiatry | municipality | "
                                                  "practice | introduction"})
    order = fields.Integer()
    duration_months = fields.Float()
    required = fields.Boolean()
    plan = fields.List(fields.String(), metadata={"description": "Group codes a placement "
                                                                 "of this element gets"})
    note = fields.String(allow_none=True)


class CurriculumSummaryOut(Schema):
    curriculum = fields.String()
    version = fields.String()
    title = fields.Function(lambda c: c["programme"], metadata={"type": "string"})
    programme = fields.String()
    country = fields.String()
    language = fields.String()
    valid_from = fields.Date()
    valid_to = fields.Date(allow_none=True)
    previous_version = fields.String(allow_none=True)
    current = fields.Boolean()
    items = fields.Integer(attribute="item_count")
    elements = fields.List(fields.Nested(ElementOut))


class ActivityOut(Schema):
    title = fields.String()
    code = fields.String(allow_none=True)


class ItemOut(Schema):
    code = fields.String()
    title = fields.String()
    kind = fields.String(metadata={"description": "competency | learning_objective"})
    description = fields.String()
    wording = fields.String(metadata={"description": "official | placeholder"})
    topic = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    activities = fields.List(fields.Nested(ActivityOut))
    assessment = fields.List(fields.String())
    replaces = fields.List(fields.String())
    stricter = fields.Boolean()


class GroupOut(Schema):
    code = fields.String()
    title = fields.String()
    kind = fields.String(metadata={"description": "plan | phase | role | theme"})
    description = fields.String(allow_none=True)
    items = fields.List(fields.Nested(ItemOut))


class CurriculumOut(CurriculumSummaryOut):
    source = fields.Dict()
    notes = fields.String()
    approval = fields.Dict()
    attestations = fields.List(fields.Dict())
    courses = fields.List(fields.Dict())
    groups = fields.List(fields.Nested(GroupOut))


class CurriculaQuery(Schema):
    curriculum = fields.String(validate=validate.Length(max=60))
    country = fields.String(validate=validate.OneOf(("NO", "DK")))


# --- enrolments and placements ------------------------------------------------------------
class EnrolIn(Schema):
    trainee_id = _id()
    curriculum = fields.String(required=True, validate=validate.Length(min=1, max=60))
    curriculum_version = fields.String(load_default=None, validate=validate.Length(min=1, max=40))
    agreement_holder_id = _id()
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(load_default=None, allow_none=True)


class ReasonIn(Schema):
    reason = fields.String(required=True, validate=REASON)


class PlacementIn(Schema):
    place_id = _id()
    element = fields.String(required=True, validate=validate.Length(min=1, max=60))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    tutor_id = fields.String(load_default=None, allow_none=True, validate=ID)


class PlacementDatesIn(Schema):
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)


class TutorIn(Schema):
    tutor_id = _id()


class EnrolmentsQuery(Schema):
    agreement_holder_id = _id()
    trainee_id = fields.String(validate=ID)
    state = fields.String(validate=validate.OneOf(("active", "cancelled")))


class PlacementOut(Schema):
    placement_id = fields.String()
    enrolment_id = fields.String()
    trainee_id = fields.String()
    place_id = fields.String()
    place_name = fields.String(allow_none=True)
    place_kind = fields.String(allow_none=True)
    agreement_holder_id = fields.String()
    element = fields.String()
    element_title = fields.String()
    element_kind = fields.String()
    plan = fields.List(fields.String())
    starts_on = fields.Date()
    ends_on = fields.Date()
    state = fields.String(metadata={"description": "planned | current | former | cancelled"})
    tutor_id = fields.String(allow_none=True)
    tutor_name = fields.String(allow_none=True)
    tutor_since = fields.AwareDateTime(allow_none=True)
    recorded_at = fields.AwareDateTime()
    recorded_by = fields.String()
    cancelled_at = fields.AwareDateTime(allow_none=True)
    cancel_reason = fields.String(allow_none=True)


class EnrolmentOut(Schema):
    enrolment_id = fields.String()
    trainee_id = fields.String()
    trainee_name = fields.String(allow_none=True)
    curriculum = fields.String()
    curriculum_version = fields.String()
    programme = fields.String()
    country = fields.String()
    agreement_holder_id = fields.String()
    agreement_holder_name = fields.String(allow_none=True)
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)
    state = fields.String(metadata={"description": "active | cancelled"})
    enrolled_at = fields.AwareDateTime()
    enrolled_by = fields.String()
    cancelled_at = fields.AwareDateTime(allow_none=True)
    cancelled_by = fields.String(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    placements = fields.List(fields.Nested(PlacementOut))


class TutorOut(Schema):
    person_id = fields.String()
    name = fields.String(allow_none=True)
    since = fields.AwareDateTime()
