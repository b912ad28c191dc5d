"""A LIS1 leader's delegation of approval to a named person for a period.

Inside the period the delegate approves learning objectives of the leader's LIS1
doctors on the leader's behalf (``on_behalf_of``), as far as the leader's own right
reaches that day. A delegation is a relationship of its own, with events, so documents
and notifications know the delegate.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from competencies.domain import signoff_events as events
from competencies.domain.permissions import Right
from competencies.domain.signoff_exceptions import DelegationEnded, DelegationInvalid
from portal_kit.audit import AuditEntry


@dataclass(eq=False)
class Delegation:
    id: str
    leader_id: str
    delegate_id: str
    organisation_id: str
    valid_from: date
    valid_to: date
    granted_at: datetime
    ended_at: datetime | None = None
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[AuditEntry] = field(default_factory=list, repr=False)

    @classmethod
    def grant(cls, delegation_id: str, leader_id: str, delegate_id: str, organisation_id: str,
              valid_from: date, valid_to: date, at: datetime) -> Delegation:
        if delegate_id == leader_id:
            raise DelegationInvalid("A leader cannot delegate to themselves.",
                                    errors={"delegate_id": ["Name another person."]})
        if valid_to < valid_from:
            raise DelegationInvalid("The delegation ends before it starts.",
                                    errors={"valid_to": ["On or after valid_from."]})
        delegation = cls(delegation_id, leader_id, delegate_id, organisation_id, valid_from,
                         valid_to, at)
        delegation._record(events.DelegationGranted, "granted", at)
        return delegation

    def end(self, by: str, at: datetime, today: date) -> None:
        if self.ended_at is not None:
            raise DelegationEnded("This delegation has already ended.")
        self.ended_at = at
        self.valid_to = max(self.valid_from, min(self.valid_to, today))
        self._record(events.DelegationEnded, "ended", at, by)

    def active_on(self, day: date) -> bool:
        return self.ended_at is None and self.valid_from <= day <= self.valid_to

    def _record(self, event_class: Any, action: str, at: datetime,
                by: str | None = None) -> None:
        actor = by or self.leader_id
        self.events.append(event_class(
            delegation_id=self.id, leader_id=self.leader_id, delegate_id=self.delegate_id,
            organisation_id=self.organisation_id, valid_from=self.valid_from,
            valid_to=self.valid_to, actor_id=actor, at=at))
        self.audit.append(AuditEntry(
            actor=actor, action=f"delegation.{action}", subject_type="delegation",
            subject_id=self.id, organisation_id=self.organisation_id,
            detail={"delegate_id": self.delegate_id, "valid_from": self.valid_from.isoformat(),
                    "valid_to": self.valid_to.isoformat()}))


def delegated_rights(leader_rights: Iterable[Right],
                     delegations: Iterable[Delegation]) -> list[Right]:
    """The delegate's rights for a trainee: each leader right narrowed to a delegation."""
    result = []
    for delegation in delegations:
        if delegation.ended_at is not None:
            continue
        for right in leader_rights:
            if right.role != "leader" or right.person_id != delegation.leader_id:
                continue
            start = max(d for d in (right.valid_from, delegation.valid_from) if d)
            end = min(d for d in (right.valid_to, delegation.valid_to) if d)
            result.append(Right(delegation.delegate_id, "delegate", start, end,
                                on_behalf_of=delegation.leader_id))
    return result
