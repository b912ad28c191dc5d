"""The sign-off events competencies publishes (contract: ``portal_contracts.signoff``)."""
from __future__ import annotations

from typing import Any

from competencies.domain import signoff_events as events
from portal_contracts import signoff as contract
from portal_kit.events import EventSpec


def _sign_off(event: Any) -> str:
    return f"trainees/{event.trainee_id}/sign-offs/{event.sign_off_id}"


def _enrolment(event: Any) -> str:
    return f"trainees/{event.trainee_id}/enrolments/{event.enrolment_id}"


def _delegation(event: Any) -> str:
    return f"delegations/{event.delegation_id}"


_TYPES: list[tuple[type, str, Any]] = [
    (events.ItemSubmitted, contract.ITEM_SUBMITTED, _sign_off),
    (events.ItemRecalled, contract.ITEM_RECALLED, _sign_off),
    (events.ActivityLogged, contract.ACTIVITY_LOGGED, _sign_off),
    (events.ActivityConfirmed, contract.ACTIVITY_CONFIRMED, _sign_off),
    (events.ItemRecommended, contract.ITEM_RECOMMENDED, _sign_off),
    (events.ItemApproved, contract.ITEM_APPROVED, _sign_off),
    (events.ItemReturned, contract.ITEM_RETURNED, _sign_off),
    (events.ItemReset, contract.ITEM_RESET, _sign_off),
    (events.AttestationApproved, contract.ATTESTATION_APPROVED, _sign_off),
    (events.ProgrammeCompleted, contract.PROGRAMME_COMPLETED, _enrolment),
    (events.DelegationGranted, contract.DELEGATION_GRANTED, _delegation),
    (events.DelegationEnded, contract.DELEGATION_ENDED, _delegation),
]

SIGNOFF_EVENT_SPECS: dict[type, EventSpec] = {
    event_class: EventSpec(event_type, contract.SCHEMAS[event_type](), subject)
    for event_class, event_type, subject in _TYPES}
