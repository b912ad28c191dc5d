"""Competencies' domain errors, each with its stable code (the table in
/work/team/competencies-api.md and the OpenAPI document); HTTP statuses follow the base."""
from __future__ import annotations

from typing import Any

from portal_kit.errors import Conflict, Forbidden, Invalid, NotFound


class OrganisationUnknown(NotFound):
    code = "organisation_unknown"


class CurriculumFileInvalid(Invalid):
    """A curriculum file refused as a whole; ``file`` and ``line`` say where."""

    code = "curriculum_file_invalid"

    def __init__(self, detail: str, *, file: str = "", line: int = 0, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.file, self.line = file, line


class CurriculumUnknown(NotFound):
    code = "curriculum_unknown"


class CurriculumVersionUnknown(NotFound):
    code = "curriculum_version_unknown"


class BadEnrolment(Invalid):
    """A body that names what does not exist or does not fit (code says which)."""

    code = "invalid_enrolment"


class NotHolderAdministrator(Forbidden):
    code = "not_holder_administrator"


class AgreementNotInForce(Forbidden):
    code = "dpa_not_active"


class TraineeNotVisible(Forbidden):
    code = "trainee_not_visible"


class EnrolmentUnknown(NotFound):
    code = "enrolment_unknown"


class PlacementUnknown(NotFound):
    code = "placement_unknown"


class PlaceUnknown(NotFound):
    code = "place_unknown"


class ProgrammeConflict(Conflict):
    """already_enrolled, enrolment_cancelled, placements_overlap, placement_cancelled, ..."""

    code = "programme_conflict"


class BadPlacement(Invalid):
    """placement_ends_before_start, placement_outside_enrolment, element_unknown, ..."""

    code = "invalid_placement"


class BadOpening(Invalid):
    """opening_reason_required, opening_too_long, opening_ends_before_start."""

    code = "invalid_opening"
