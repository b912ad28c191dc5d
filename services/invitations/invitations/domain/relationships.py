"""A relationship: this person may act for this trainee, in this role, in this window.

Every other service authorises with relationships (their own projections of the
``relationship.*`` events). A relationship is versioned: each change of its window
publishes the whole new state with the next version, so a projection keeps the highest.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from invitations.domain import events
from invitations.domain.exceptions import RelationshipEnded
from invitations.domain.roles import within
from portal_kit.audit import AuditEntry

ACTIVE = "active"
ENDED = "ended"
INVITATION = "invitation"
APPOINTMENT = "appointment"


@dataclass(eq=False)
class Relationship:
    id: str
    trainee_id: str
    person_id: str
    role: str
    organisation_id: str
    place_id: str
    source: str
    source_id: str
    valid_from: date
    valid_to: date | None
    state: str
    version: int
    granted_at: datetime
    granted_by: str
    placement_id: str | None = None
    ended_at: datetime | None = None
    end_reason: str | None = None
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def grant(cls, *, trainee_id: str, person_id: str, role: str, organisation_id: str,
              place_id: str, source: str, source_id: str, valid_from: date,
              valid_to: date | None, at: datetime, by: str,
              placement_id: str | None = None) -> Relationship:
        made = cls(str(uuid.uuid4()), trainee_id, person_id, role, organisation_id, place_id,
                   source, source_id, valid_from, valid_to, ACTIVE, 1, at, by, placement_id)
        made.events.append(events.RelationshipGranted(*made._facts(), granted_at=at,
                                                      granted_by=by))
        made._audit(by, "relationship.granted", None, ACTIVE)
        return made

    def in_force(self, today: date) -> bool:
        return self.state == ACTIVE and within(today, self.valid_from, self.valid_to)

    @property
    def is_active(self) -> bool:
        return self.state == ACTIVE

    def change_window(self, valid_from: date, valid_to: date | None, at: datetime,
                      by: str) -> None:
        self._refuse_ended()
        if (valid_from, valid_to) == (self.valid_from, self.valid_to):
            return
        before = f"{self.valid_from}..{self.valid_to or ''}"
        self.valid_from, self.valid_to, self.version = valid_from, valid_to, self.version + 1
        self.events.append(events.RelationshipChanged(*self._facts(), changed_at=at,
                                                      changed_by=by))
        self._audit(by, "relationship.changed", ACTIVE, ACTIVE,
                    detail={"window_before": before,
                            "window_after": f"{valid_from}..{valid_to or ''}"})

    def end(self, at: datetime, by: str, reason: str, note: str | None = None) -> None:
        """End now; ``reason`` is a code for subscribers, ``note`` a person's own words."""
        self._refuse_ended()
        self.state, self.ended_at, self.end_reason = ENDED, at, reason
        self.version += 1
        self.events.append(events.RelationshipEnded(*self._facts(), reason=reason,
                                                    ended_at=at, ended_by=by))
        self._audit(by, "relationship.ended", ACTIVE, ENDED, reason=note or reason,
                    detail={"reason_code": reason})

    def _refuse_ended(self) -> None:
        if self.state == ENDED:
            raise RelationshipEnded("This relationship has ended already.")

    def _facts(self) -> tuple[Any, ...]:
        return (self.id, self.trainee_id, self.person_id, self.role, self.organisation_id,
                self.place_id, self.source, self.source_id, self.valid_from, self.valid_to,
                self.version)

    def _audit(self, actor: str, action: str, from_state: str | None, to_state: str,
               **details: Any) -> None:
        self.audit.append(AuditEntry(
            actor=actor, action=action, subject_type="relationship", subject_id=self.id,
            trainee_id=self.trainee_id, organisation_id=self.organisation_id,
            from_state=from_state, to_state=to_state,
            detail=dict(details.pop("detail", {}), person_id=self.person_id, role=self.role),
            **details))
