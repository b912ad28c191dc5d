"""Who may read a trainee's record, and when.

- The trainee always; the operator always.
- An administrator of the agreement holder of one of the trainee's enrolments.
- A tutor of a practice sees every current and planned trainee placed there, and a
  former one until a year after the placement ended (local date, curriculum country).
  After that only while a region's access opening for that practice is open: stated
  with a reason, for a configured maximum length.
- A person in a relationship with the trainee (LIS1 leader, advisor, supervisor; Danish
  vejleder) inside the relationship's window: the enrolments of the agreement holder the
  relationship was made for, not those of another holder.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from competencies.domain import events
from competencies.domain.exceptions import BadOpening, TraineeNotVisible
from competencies.domain.programmes import CURRENT, FORMER, PLANNED, Enrolment, Placement
from competencies.domain.projections import Relationship
from portal_kit.audit import AuditEntry
from portal_kit.clock import local_date

TRAINEE, OPERATOR, ADMINISTRATOR, TUTOR, RELATIONSHIP = (
    "trainee", "operator", "administrator", "tutor", "relationship")


def a_year_after(day: date) -> date:
    """The same date a year later (28 February for 29 February)."""
    last = calendar.monthrange(day.year + 1, day.month)[1]
    return day.replace(year=day.year + 1, day=min(day.day, last))


@dataclass(eq=False)
class AccessOpening:
    opening_id: str
    trainee_id: str
    place_id: str
    agreement_holder_id: str
    opened_from: date
    opened_until: date
    reason: str
    opened_at: datetime
    opened_by: str
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[AuditEntry] = field(default_factory=list, repr=False)

    @classmethod
    def open(cls, opening_id: str, trainee_id: str, place_id: str, holder_id: str,
             today: date, opened_until: date, reason: str | None, max_days: int, by: str,
             at: datetime) -> AccessOpening:
        if not (reason or "").strip():
            raise BadOpening("An access opening needs a reason.", code="opening_reason_required")
        if opened_until < today:
            raise BadOpening("The opening would end before today.",
                             code="opening_ends_before_start")
        if (opened_until - today).days + 1 > max_days:
            raise BadOpening(f"An access opening lasts at most {max_days} days.",
                             code="opening_too_long")
        opening = cls(opening_id, trainee_id, place_id, holder_id, today, opened_until,
                      str(reason).strip(), at, by)
        opening.events.append(events.AccessOpened(
            opening_id, trainee_id, place_id, holder_id, today, opened_until,
            opening.reason, at, by))
        opening.audit.append(AuditEntry(
            actor=by, action="access.opened", subject_type="access_opening",
            subject_id=opening_id, trainee_id=trainee_id, organisation_id=holder_id,
            reason=opening.reason, detail={"place_id": place_id,
                                           "opened_from": today.isoformat(),
                                           "opened_until": opened_until.isoformat()}))
        return opening

    def is_open(self, today: date) -> bool:
        return self.opened_from <= today <= self.opened_until


@dataclass(frozen=True)
class Reader:
    """Who reads, from the verified token."""

    person_id: str
    operator: bool = False
    administers: frozenset[str] = frozenset()
    tutor_of: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Sight:
    """Why a reader sees a record: the basis, and for a tutor the place and opening."""

    read_as: str
    enrolment_ids: frozenset[str] | None = None  # None: all of the trainee's enrolments
    place_id: str | None = None
    opening_id: str | None = None


@dataclass(frozen=True)
class TutorSight:
    """One placement a tutor sees: current, planned or former, and until when."""

    placement: Placement
    enrolment: Enrolment
    group: str
    visible_until: date | None
    opening_id: str | None = None


def tutor_sight(enrolment: Enrolment, placement: Placement,
                openings: Iterable[AccessOpening], now: datetime) -> TutorSight | None:
    """What a tutor of the placement's place sees of it now, if anything."""
    today = local_date(now, _zone(enrolment))
    state = placement.state(today)
    if state in (PLANNED, CURRENT):
        return TutorSight(placement, enrolment, state, None)
    if state != FORMER:
        return None
    until = a_year_after(placement.ends_on)
    if today <= until:
        return TutorSight(placement, enrolment, FORMER, until)
    open_now = [o for o in openings if o.place_id == placement.place_id
                and o.trainee_id == placement.trainee_id and o.is_open(today)]
    if open_now:
        latest = max(open_now, key=lambda o: o.opened_until)
        return TutorSight(placement, enrolment, FORMER, latest.opened_until, latest.opening_id)
    return None


def sight(reader: Reader, trainee_id: str, enrolments: list[Enrolment],
          openings: list[AccessOpening], relationships: list[Relationship],
          now: datetime) -> Sight:
    """The reader's right to the trainee's record now; ``trainee_not_visible`` when none."""
    if reader.person_id == trainee_id:
        return Sight(TRAINEE)
    if reader.operator:
        return Sight(OPERATOR)
    administered = frozenset(e.enrolment_id for e in enrolments
                             if e.agreement_holder_id in reader.administers)
    if administered:
        return Sight(ADMINISTRATOR, administered)
    seen = [s for e in enrolments if not e.cancelled for p in e.placements
            if p.place_id in reader.tutor_of for s in [tutor_sight(e, p, openings, now)] if s]
    if seen:
        return Sight(TUTOR, frozenset(s.enrolment.enrolment_id for s in seen),
                     seen[0].placement.place_id, seen[0].opening_id)
    holders = {r.organisation_id for r in relationships
               if r.person_id == reader.person_id and r.is_active(_today(enrolments, now))}
    related = frozenset(e.enrolment_id for e in enrolments if e.agreement_holder_id in holders)
    if related:  # the enrolments of the holders the relationships were made for, only
        return Sight(RELATIONSHIP, related)
    raise TraineeNotVisible("You may not read this trainee's record now.")


def _zone(enrolment: Enrolment) -> str:
    return {"NO": "Europe/Oslo", "DK": "Europe/Copenhagen"}.get(enrolment.country, "UTC")


def _today(enrolments: list[Enrolment], now: datetime) -> date:
    zone = _zone(enrolments[0]) if enrolments else "Europe/Oslo"
    return local_date(now, zone)
