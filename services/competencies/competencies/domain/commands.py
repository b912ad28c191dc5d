"""What people ask competencies to do (each handled by one function in service_layer)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from competencies.domain.curricula import Curriculum
from portal_kit.principal import Principal


@dataclass(frozen=True)
class LoadCurricula:
    """Load curriculum versions: all of them or none."""

    curricula: tuple[Curriculum, ...]


@dataclass(frozen=True)
class Enrol:
    by: Principal
    trainee_id: str
    curriculum: str
    agreement_holder_id: str
    starts_on: date
    curriculum_version: str | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class CancelEnrolment:
    by: Principal
    enrolment_id: str
    reason: str


@dataclass(frozen=True)
class RecordPlacement:
    by: Principal
    enrolment_id: str
    place_id: str
    element: str
    starts_on: date
    ends_on: date
    tutor_id: str | None = None


@dataclass(frozen=True)
class ChangePlacement:
    by: Principal
    placement_id: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class CancelPlacement:
    by: Principal
    placement_id: str
    reason: str


@dataclass(frozen=True)
class AssignTutor:
    by: Principal
    placement_id: str
    tutor_id: str


@dataclass(frozen=True)
class OpenAccess:
    by: Principal
    trainee_id: str
    place_id: str
    opened_until: date
    reason: str | None
