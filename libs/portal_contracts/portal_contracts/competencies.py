"""Events published by competencies on the exchange ``competencies.events``.

Programmes and placements: who is a trainee (enrolled in a programme on a
curriculum version), where they train and when (placements, with the plan of
items each placement works on), who their Danish personal tutor is, and when a
region reopened a former trainee's record to a practice. Invitations, documents
and notifications build their projections from these; a placement's state
(planned, current, former) follows from its dates in the curriculum country's
time zone (Europe/Oslo, Europe/Copenhagen). All data is *personal*: it names a
trainee by their opaque person id (never a national id number).
"""
from __future__ import annotations

from marshmallow import Schema, fields

ENROLMENT_CREATED = "portal.competencies.enrolment.created.v1"
ENROLMENT_CANCELLED = "portal.competencies.enrolment.cancelled.v1"
PLACEMENT_RECORDED = "portal.competencies.placement.recorded.v1"
PLACEMENT_CHANGED = "portal.competencies.placement.changed.v1"
PLACEMENT_CANCELLED = "portal.competencies.placement.cancelled.v1"
TUTOR_ASSIGNED = "portal.competencies.tutor.assigned.v1"
ACCESS_OPENED = "portal.competencies.access.opened.v1"
ENROLMENT_CURRICULUM_VERSION_CHANGED = (
    "portal.competencies.enrolment.curriculum_version_changed.v1")


class _Personal(Schema):
    CLASSIFICATION = "personal"


def _holder() -> fields.String:
    return fields.String(required=True, metadata={
        "description": "The agreement holder (region, municipality, health trust) responsible"})


class EnrolmentCreatedV1(_Personal):
    """A person was enrolled in a programme and is a trainee from now on. They stay on the
    curriculum version named here when newer versions are published."""

    enrolment_id = fields.String(required=True)
    trainee_id = fields.String(required=True, metadata={"description": "Opaque person id"})
    curriculum = fields.String(required=True, metadata={"description": "e.g. lis1, kbu"})
    curriculum_version = fields.String(required=True, metadata={"description": "e.g. 2025-09"})
    programme = fields.String(required=True)
    country = fields.String(required=True, metadata={"description": "NO or DK"})
    agreement_holder_id = _holder()
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True, allow_none=True, metadata={
        "description": "Expected end, when known"})
    enrolled_at = fields.AwareDateTime(required=True)
    enrolled_by = fields.String(required=True)


class EnrolmentCurriculumVersionChangedV1(_Personal):
    """An administrator of the agreement holder (or the operator) moved the trainee to the
    next version of their curriculum. An item made stricter keeps its old approval in the
    history and the logged activities, but needs approval again (``needs_approval_again``);
    an item not made stricter keeps both (``approvals_kept``). Sign-offs published before
    keep their ``curriculum_version``: a new version never changes a past sign-off, and
    the item codes named here are the new version's."""

    enrolment_id = fields.String(required=True)
    trainee_id = fields.String(required=True, metadata={"description": "Opaque person id"})
    agreement_holder_id = _holder()
    curriculum = fields.String(required=True, metadata={"description": "e.g. lis1"})
    from_version = fields.String(required=True, metadata={"description": "e.g. 2020-03"})
    to_version = fields.String(required=True, metadata={"description": "e.g. 2025-09"})
    needs_approval_again = fields.List(fields.String(), required=True, metadata={
        "description": "Codes (new version) of items made stricter whose approval stays "
                       "behind: they must be approved again"})
    approvals_kept = fields.List(fields.String(), required=True, metadata={
        "description": "Codes (new version) of items whose approval carried over"})
    changed_at = fields.AwareDateTime(required=True)
    changed_by = fields.String(required=True)
    EXAMPLE = {"enrolment_id": "0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b",
               "trainee_id": "7d1c0b9e-1f2a-4c3d-8e5f-6a7b8c9d0e1f",
               "agreement_holder_id": "2c4b6a8d-0e1f-4a3b-9c5d-7e8f9a0b1c2d",
               "curriculum": "lis1", "from_version": "2020-03", "to_version": "2025-09",
               "needs_approval_again": ["FKMK-03"], "approvals_kept": ["KLK-001"],
               "changed_at": "2027-05-20T08:15:00+00:00",
               "changed_by": "6c5b4a3d-2e1f-4098-8776-655443322110"}


class EnrolmentCancelledV1(_Personal):
    """An enrolment was cancelled (recorded by mistake or withdrawn); its placements are
    cancelled with it (each its own placement.cancelled event, published first)."""

    enrolment_id = fields.String(required=True)
    trainee_id = fields.String(required=True)
    agreement_holder_id = _holder()
    reason = fields.String(required=True)
    cancelled_at = fields.AwareDateTime(required=True)
    cancelled_by = fields.String(required=True)


class _Placement(_Personal):
    placement_id = fields.String(required=True)
    enrolment_id = fields.String(required=True)
    trainee_id = fields.String(required=True)
    place_id = fields.String(required=True, metadata={
        "description": "The place of training: practice, department, hospital, municipality"})
    agreement_holder_id = _holder()


class PlacementRecordedV1(_Placement):
    """A placement (training element) was recorded, with the plan assigned to it
    automatically: the groups of curriculum items worked on there (LIS1: hospital →
    KLS + FKM-S, psychiatry → KLP + FKM-S, municipality → KLK + FKM-K)."""

    curriculum = fields.String(required=True)
    curriculum_version = fields.String(required=True)
    element = fields.String(required=True, metadata={
        "description": "The curriculum's training element, e.g. kommune, kbu-1, fase-2"})
    element_kind = fields.String(required=True, metadata={
        "description": "hospital | psychiatry | municipality | practice | introduction"})
    plan = fields.List(fields.String(), required=True, metadata={
        "description": "Codes of the curriculum groups assigned to this placement"})
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    recorded_at = fields.AwareDateTime(required=True)
    recorded_by = fields.String(required=True)


class PlacementChangedV1(_Placement):
    """A placement's dates were corrected."""

    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    changed_at = fields.AwareDateTime(required=True)
    changed_by = fields.String(required=True)


class PlacementCancelledV1(_Placement):
    """A placement was cancelled; its personal tutor's assignment ends with it."""

    reason = fields.String(required=True)
    cancelled_at = fields.AwareDateTime(required=True)
    cancelled_by = fields.String(required=True)


class TutorAssignedV1(_Placement):
    """The Danish personal tutor (tutorlæge) of a placement: a tutor of its place. One at a
    time: a new assignment replaces ``previous_tutor_id``. The tutor's right to approve
    follows the placement's window (``valid_from`` – ``valid_to``)."""

    tutor_id = fields.String(required=True)
    previous_tutor_id = fields.String(required=True, allow_none=True)
    valid_from = fields.Date(required=True)
    valid_to = fields.Date(required=True)
    assigned_at = fields.AwareDateTime(required=True)
    assigned_by = fields.String(required=True)


class AccessOpenedV1(_Personal):
    """A region administrator reopened a former trainee's record to the tutors of a
    practice for a short period, with a reason (after the year in which a former trainee
    stays visible)."""

    opening_id = fields.String(required=True)
    trainee_id = fields.String(required=True)
    place_id = fields.String(required=True)
    agreement_holder_id = _holder()
    opened_from = fields.Date(required=True)
    opened_until = fields.Date(required=True)
    reason = fields.String(required=True)
    opened_at = fields.AwareDateTime(required=True)
    opened_by = fields.String(required=True)
