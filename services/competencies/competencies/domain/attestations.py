"""Attestations of a placement: when they may be given, and what must come first.

- The time attestation (*attestation for tid*) only in the placement's last month or
  after it, by the calendar of the organisation's country (Europe/Oslo,
  Europe/Copenhagen): the last month of a placement ending 30 June starts 31 May.
- The learning-objective attestation (KBU) and the confirmation of completed service
  (LIS1) only when every item of the placement's plan is approved; completed service,
  like time, also only from the last month on.
- The trainee may mark an attestation ready for approval (*klarmelding*) when it could be
  given: it is addressed to the LIS1 leader, or in Denmark to the personal tutor of that
  placement. The approver may also give it without one (as the Danish logbog lets the
  tutor attest directly).
- The personal tutor gives the placement's time attestation, and only that, until a year
  after the placement ended: as long as a former trainee is found by the practice's
  tutors (DOMAIN.md). Every other right of the tutor ends with the placement.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Protocol

from competencies.domain.permissions import Right
from competencies.domain.signoff import SignOff, State
from competencies.domain.signoff_exceptions import (
    CompletedServiceTooEarly,
    ItemsNotAllApproved,
    TimeAttestationTooEarly,
)
from competencies.domain.visibility import a_year_after
from portal_kit.clock import local_date

TIME_ZONES = {"NO": "Europe/Oslo", "DK": "Europe/Copenhagen"}
TIMED = ("time_attestation", "completed_service")
NEEDS_ITEMS = ("learning_objective_attestation", "completed_service")
AFTER_THE_PLACEMENT = ("time_attestation",)


class PlacementFacts(Protocol):
    tutor_id: str | None
    starts_on: date
    ends_on: date


def organisation_today(now: datetime, country: str) -> date:
    """Today's date where the organisation is."""
    return local_date(now, TIME_ZONES[country])


def month_before(day: date) -> date:
    """The same day a month earlier (the month's last day when it has no such day)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_month_starts(ends_on: date) -> date:
    """The first day of a placement's last month."""
    return month_before(ends_on) + timedelta(days=1)


def check_timing(kind: str, ends_on: date, today: date) -> None:
    """Refused before the last month, saying what was refused: the time attestation, or
    the confirmation of completed service (its own code)."""
    if kind in TIMED and today < last_month_starts(ends_on):
        starts = last_month_starts(ends_on)
        if kind == "completed_service":
            raise CompletedServiceTooEarly(
                f"Completed service can be confirmed from {starts}, the start of the "
                f"placement's last month (today is {today}).")
        raise TimeAttestationTooEarly(
            f"The time attestation can be given from {starts}, the start of the "
            f"placement's last month (today is {today}).")


def check_items_approved(kind: str, plan_items: Iterable[str],
                         records: Iterable[SignOff]) -> None:
    if kind not in NEEDS_ITEMS:
        return
    approved = {r.code for r in records if r.state is State.APPROVED and not r.is_attestation}
    missing = sorted(set(plan_items) - approved)
    if missing:
        raise ItemsNotAllApproved(
            f"{len(missing)} item(s) of the placement's plan are not approved yet.",
            errors={"missing": missing})


def signing_until(kind: str, ends_on: date) -> date:
    """The last day the placement's personal tutor signs ``kind`` for it."""
    return a_year_after(ends_on) if kind in AFTER_THE_PLACEMENT else ends_on


def rights_for(rights: Iterable[Right], kind: str, placement_id: str | None) -> list[Right]:
    """The rights that sign ``kind`` of the placement: the personal tutor's right of that
    placement reaches as far as ``signing_until``; every other right stays as it is."""
    return [replace(r, valid_to=signing_until(kind, r.valid_to))
            if r.role == "tutor" and r.placement_id == placement_id and r.valid_to is not None
            and placement_id is not None else r for r in rights]


def readable_rights(rights: Iterable[Right]) -> list[Right]:
    """Every right, a personal tutor's reaching as far as they give the time attestation
    of their placement (they read the record they attest)."""
    return [replace(r, valid_to=signing_until(AFTER_THE_PLACEMENT[0], r.valid_to))
            if r.role == "tutor" and r.placement_id is not None and r.valid_to is not None
            else r for r in rights]


def responsible_for_attestation(kind: str, roles: Sequence[str],
                                placement: PlacementFacts | None, leaders: Sequence[str],
                                today: date) -> str | None:
    """To whom the klarmelding of an attestation goes: the leader valid today (LIS1), or
    the personal tutor of that placement while they may sign it."""
    if "leader" in roles:
        return leaders[0] if leaders else None
    if "tutor" not in roles or placement is None or not placement.tutor_id:
        return None
    if placement.starts_on <= today <= signing_until(kind, placement.ends_on):
        return placement.tutor_id
    return None
