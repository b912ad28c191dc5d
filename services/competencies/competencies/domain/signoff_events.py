"""What happened to a sign-off: one domain event per published type (portal_contracts.signoff).

Each field is a field of the event's published data schema, so the unit of work dumps it
as it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class _SignOffEvent:
    sign_off_id: str
    trainee_id: str
    enrolment_id: str
    agreement_holder_id: str
    curriculum: str
    curriculum_version: str
    item_code: str
    item_title: str
    kind: str
    placement_id: str | None
    version: int
    actor_id: str
    at: datetime


@dataclass(frozen=True)
class ItemSubmitted(_SignOffEvent):
    approver_id: str


@dataclass(frozen=True)
class ItemRecalled(_SignOffEvent):
    approver_id: str


@dataclass(frozen=True)
class ActivityLogged(_SignOffEvent):
    activity_id: str
    title: str
    performed_on: date


@dataclass(frozen=True)
class ActivityConfirmed(_SignOffEvent):
    activity_id: str
    role: str


@dataclass(frozen=True)
class ItemRecommended(_SignOffEvent):
    role: str
    comment: str | None


@dataclass(frozen=True)
class ItemApproved(_SignOffEvent):
    role: str
    on_behalf_of: str | None
    comment: str | None
    batch_id: str | None


@dataclass(frozen=True)
class ItemReturned(_SignOffEvent):
    role: str
    comment: str


@dataclass(frozen=True)
class ItemReset(_SignOffEvent):
    role: str
    reference: str
    reason: str
    from_state: str


@dataclass(frozen=True)
class AttestationApproved(_SignOffEvent):
    role: str
    comment: str | None


@dataclass(frozen=True)
class ProgrammeCompleted:
    enrolment_id: str
    trainee_id: str
    trainee: dict[str, Any]
    agreement_holder_id: str
    programme: str
    country: str
    curriculum: str
    curriculum_version: str
    sign_offs: list[dict[str, Any]]
    credential_id: str
    completed_at: datetime


@dataclass(frozen=True)
class _DelegationEvent:
    delegation_id: str
    leader_id: str
    delegate_id: str
    organisation_id: str
    valid_from: date
    valid_to: date
    actor_id: str
    at: datetime


@dataclass(frozen=True)
class DelegationGranted(_DelegationEvent):
    pass


@dataclass(frozen=True)
class DelegationEnded(_DelegationEvent):
    pass
