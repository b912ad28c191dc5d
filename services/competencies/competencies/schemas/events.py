"""Competencies' published events: each domain event, its CloudEvent type and data schema.

The types and schemas are the public contract in ``portal_contracts.competencies`` and,
for sign-offs, ``portal_contracts.signoff``
(consumed by invitations, documents and notifications: never change them, add a version).
"""
from __future__ import annotations

from typing import Any

from competencies.domain import events
from competencies.schemas.signoff_events import SIGNOFF_EVENT_SPECS
from portal_contracts import competencies as contract
from portal_kit.events import EventSpec


def _enrolment(event: Any) -> str:
    return f"trainees/{event.trainee_id}/enrolments/{event.enrolment_id}"


def _placement(event: Any) -> str:
    return f"trainees/{event.trainee_id}/placements/{event.placement_id}"


def _opening(event: Any) -> str:
    return f"trainees/{event.trainee_id}/access-openings/{event.opening_id}"


EVENT_SPECS: dict[type, EventSpec] = {
    events.EnrolmentCreated: EventSpec(contract.ENROLMENT_CREATED,
                                       contract.EnrolmentCreatedV1(), _enrolment),
    events.EnrolmentCancelled: EventSpec(contract.ENROLMENT_CANCELLED,
                                         contract.EnrolmentCancelledV1(), _enrolment),
    events.CurriculumVersionChanged: EventSpec(
        contract.ENROLMENT_CURRICULUM_VERSION_CHANGED,
        contract.EnrolmentCurriculumVersionChangedV1(), _enrolment),
    events.PlacementRecorded: EventSpec(contract.PLACEMENT_RECORDED,
                                        contract.PlacementRecordedV1(), _placement),
    events.PlacementChanged: EventSpec(contract.PLACEMENT_CHANGED,
                                       contract.PlacementChangedV1(), _placement),
    events.PlacementCancelled: EventSpec(contract.PLACEMENT_CANCELLED,
                                         contract.PlacementCancelledV1(), _placement),
    events.TutorAssigned: EventSpec(contract.TUTOR_ASSIGNED, contract.TutorAssignedV1(),
                                    _placement),
    events.AccessOpened: EventSpec(contract.ACCESS_OPENED, contract.AccessOpenedV1(),
                                   _opening),
    **SIGNOFF_EVENT_SPECS,
}
