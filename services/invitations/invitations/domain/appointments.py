"""A Danish tutor's appointment of a vejleder (from the tutor doctors' quick guide).

The tutor picks the person from the authorisation register, optionally gives a
window (access only inside it), chooses which trainees ("Aktiv": all of the
practice's or selected ones) and the department when they tutor several practices.
The appointment holds one vejleder relationship per trainee; ``reconcile`` keeps
them matching the appointment as it changes, as trainees come and go, and once the
person is known (a vejleder without a profile is bound at their registration).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from invitations.domain import events
from invitations.domain.exceptions import AppointmentEnded, WindowInvalid
from invitations.domain.relationships import APPOINTMENT, Relationship
from invitations.domain.roles import VEJLEDER
from portal_kit.audit import AuditEntry

ACTIVE = "active"
ENDED = "ended"
PLACEMENT_ENDED = "placement_ended"
PLACEMENT_CANCELLED = "placement_cancelled"


@dataclass(frozen=True)
class Window:
    valid_from: date | None
    valid_to: date | None

    def __post_init__(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise WindowInvalid("The end date is before the start date.",
                                errors={"valid_to": ["Must not be before valid_from."]})


@dataclass(frozen=True)
class Scope:
    all_trainees: bool
    trainee_ids: tuple[str, ...] = ()


@dataclass(eq=False)
class Appointment:
    id: str
    tutor_id: str
    place_id: str
    organisation_id: str
    authorisation_id: str
    given_name: str
    family_name: str
    email: str | None
    mobile: str | None
    valid_from: date | None
    valid_to: date | None
    all_trainees: bool
    trainee_ids: list[str]
    send_access_email: bool
    state: str
    appointed_at: datetime
    person_id: str | None = None
    ended_at: datetime | None = None
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def make(cls, *, tutor_id: str, place_id: str, organisation_id: str,
             authorisation_id: str, given_name: str, family_name: str, email: str | None,
             mobile: str | None, window: Window, scope: Scope, send_access_email: bool,
             person_id: str | None, at: datetime) -> Appointment:
        made = cls(str(uuid.uuid4()), tutor_id, place_id, organisation_id, authorisation_id,
                   given_name, family_name, email, mobile, window.valid_from, window.valid_to,
                   scope.all_trainees, list(scope.trainee_ids), send_access_email, ACTIVE, at,
                   person_id)
        made.events.append(events.AppointmentMade(*made._facts(), made_at=at, made_by=tutor_id))
        made._audit(tutor_id, "appointment.made", None, ACTIVE)
        return made

    @property
    def is_active(self) -> bool:
        return self.state == ACTIVE

    def change(self, window: Window, scope: Scope, at: datetime, by: str) -> None:
        self._refuse_ended()
        before = self._summary()
        self.valid_from, self.valid_to = window.valid_from, window.valid_to
        self.all_trainees, self.trainee_ids = scope.all_trainees, list(scope.trainee_ids)
        self.events.append(events.AppointmentChanged(*self._facts(), changed_at=at,
                                                     changed_by=by))
        self._audit(by, "appointment.changed", ACTIVE, ACTIVE,
                    detail={"before": before, "after": self._summary()})

    def end(self, at: datetime, by: str, reason: str | None) -> None:
        self._refuse_ended()
        self.state, self.ended_at = ENDED, at
        self.events.append(events.AppointmentEnded(*self._facts(), ended_at=at, ended_by=by))
        self._audit(by, "appointment.ended", ACTIVE, ENDED, reason=reason)

    def reconcile(self, placed: set[str], existing: list[Relationship], today: date,
                  at: datetime, by: str, left: str = PLACEMENT_ENDED) -> list[Relationship]:
        """Grant, change or end the vejleder relationships; returns the new ones.

        ``placed``: the trainees placed at the practice now or later. A vejleder acts only
        for those, so a trainee whose placement there ended (or was cancelled: ``left``)
        loses the vejleder, even one chosen by name."""
        wanted = self._wanted(placed) if self.is_active and self.person_id else set()
        active = {r.trainee_id: r for r in existing if r.is_active}
        for trainee_id, relationship in active.items():
            if trainee_id not in wanted:
                relationship.end(at, by, self._end_reason(trainee_id, placed, left))
            else:
                relationship.change_window(self.valid_from or relationship.valid_from,
                                           self.valid_to, at, by)
        return [self._grant(trainee_id, today, at, by)
                for trainee_id in sorted(wanted - set(active))]

    def _wanted(self, placed: set[str]) -> set[str]:
        return set(placed) if self.all_trainees else set(self.trainee_ids) & placed

    def _end_reason(self, trainee_id: str, placed: set[str], left: str) -> str:
        if not self.is_active:
            return "appointment_ended"
        return left if trainee_id not in placed else "trainee_removed"

    def _grant(self, trainee_id: str, today: date, at: datetime, by: str) -> Relationship:
        assert self.person_id is not None
        return Relationship.grant(
            trainee_id=trainee_id, person_id=self.person_id, role=VEJLEDER,
            organisation_id=self.organisation_id, place_id=self.place_id,
            source=APPOINTMENT, source_id=self.id, valid_from=self.valid_from or today,
            valid_to=self.valid_to, at=at, by=by)

    def _refuse_ended(self) -> None:
        if self.state == ENDED:
            raise AppointmentEnded("This appointment has ended.")

    def _summary(self) -> dict[str, Any]:
        return {"valid_from": str(self.valid_from or ""), "valid_to": str(self.valid_to or ""),
                "all_trainees": self.all_trainees, "trainee_ids": list(self.trainee_ids)}

    def _facts(self) -> tuple[Any, ...]:
        return (self.id, self.tutor_id, self.person_id, self.place_id, self.organisation_id,
                self.valid_from, self.valid_to, self.all_trainees, list(self.trainee_ids))

    def _audit(self, actor: str, action: str, from_state: str | None, to_state: str,
               **details: Any) -> None:
        self.audit.append(AuditEntry(
            actor=actor, action=action, subject_type="appointment", subject_id=self.id,
            organisation_id=self.organisation_id, from_state=from_state, to_state=to_state,
            detail=dict(details.pop("detail", {}), authorisation_id=self.authorisation_id,
                        place_id=self.place_id), **details))
