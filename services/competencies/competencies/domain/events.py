"""What happened to programmes, as the aggregates record it.

Each maps to its published contract in ``portal_contracts.competencies`` (field names
are the contract's; ``schemas/events.py`` holds the table).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class EnrolmentCreated:
    enrolment_id: str
    trainee_id: str
    curriculum: str
    curriculum_version: str
    programme: str
    country: str
    agreement_holder_id: str
    starts_on: date
    ends_on: date | None
    enrolled_at: datetime
    enrolled_by: str


@dataclass(frozen=True)
class EnrolmentCancelled:
    enrolment_id: str
    trainee_id: str
    agreement_holder_id: str
    reason: str
    cancelled_at: datetime
    cancelled_by: str


@dataclass(frozen=True)
class PlacementRecorded:
    placement_id: str
    enrolment_id: str
    trainee_id: str
    place_id: str
    agreement_holder_id: str
    curriculum: str
    curriculum_version: str
    element: str
    element_kind: str
    plan: list[str]
    starts_on: date
    ends_on: date
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class PlacementChanged:
    placement_id: str
    enrolment_id: str
    trainee_id: str
    place_id: str
    agreement_holder_id: str
    starts_on: date
    ends_on: date
    changed_at: datetime
    changed_by: str


@dataclass(frozen=True)
class PlacementCancelled:
    placement_id: str
    enrolment_id: str
    trainee_id: str
    place_id: str
    agreement_holder_id: str
    reason: str
    cancelled_at: datetime
    cancelled_by: str


@dataclass(frozen=True)
class TutorAssigned:
    placement_id: str
    enrolment_id: str
    trainee_id: str
    place_id: str
    agreement_holder_id: str
    tutor_id: str
    previous_tutor_id: str | None
    valid_from: date
    valid_to: date
    assigned_at: datetime
    assigned_by: str


@dataclass(frozen=True)
class AccessOpened:
    opening_id: str
    trainee_id: str
    place_id: str
    agreement_holder_id: str
    opened_from: date
    opened_until: date
    reason: str
    opened_at: datetime
    opened_by: str


@dataclass(frozen=True)
class CurriculumVersionChanged:
    enrolment_id: str
    trainee_id: str
    agreement_holder_id: str
    curriculum: str
    from_version: str
    to_version: str
    needs_approval_again: list[str]
    approvals_kept: list[str]
    changed_at: datetime
    changed_by: str
