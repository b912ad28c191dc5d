"""Attestations of a placement: when they may be given, and what must come first.

- The time attestation (*attestation for tid*) only in the placement's last month or
  after it, by the calendar of the organisation's country (Europe/Oslo,
  Europe/Copenhagen): the last month of a placement ending 30 June starts 31 May.
- The learning-objective attestation (KBU) and the confirmation of completed service
  (LIS1) only when every item of the placement's plan is approved; completed service,
  like time, also only from the last month on.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from competencies.domain.signoff import SignOff, State
from competencies.domain.signoff_exceptions import ItemsNotAllApproved, TimeAttestationTooEarly
from portal_kit.clock import local_date

TIME_ZONES = {"NO": "Europe/Oslo", "DK": "Europe/Copenhagen"}
TIMED = ("time_attestation", "completed_service")
NEEDS_ITEMS = ("learning_objective_attestation", "completed_service")


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
    if kind in TIMED and today < last_month_starts(ends_on):
        raise TimeAttestationTooEarly(
            f"This attestation can be given from {last_month_starts(ends_on)}, the start of "
            f"the placement's last month (today is {today}).")


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
