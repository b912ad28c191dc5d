"""Who may act for a trainee, and the words for it.

LIS1 (Norway): exactly one leader (leder), exactly one advisor (veileder) and at
least one supervisor (supervisør), invited by the LIS1 doctor. Denmark: vejledere,
appointed by the tutor doctor (tutorlæge) for some or all of the tutor's trainees.
"""
from __future__ import annotations

from datetime import date, datetime

LEADER = "leader"
ADVISOR = "advisor"
SUPERVISOR = "supervisor"
VEJLEDER = "vejleder"

LIS1_ROLES = (LEADER, ADVISOR, SUPERVISOR)
SINGLE_ROLES = frozenset({LEADER, ADVISOR})   # exactly one in a team
EXCLUSIVE = {LEADER: ADVISOR, ADVISOR: LEADER}  # the leader approves on the advisor's word
ROLES = (*LIS1_ROLES, VEJLEDER)

TIME_ZONES = {"NO": "Europe/Oslo", "DK": "Europe/Copenhagen"}
ADMIN_ROLES = ("municipality_admin", "health_trust_admin", "region_admin")
TUTOR = "tutor"


def time_zone(country: str | None) -> str:
    return TIME_ZONES.get((country or "").upper(), "Europe/Oslo")


def within(today: date, valid_from: date | None, valid_to: date | None) -> bool:
    """Inclusive on both ends; an open end is no limit."""
    return (valid_from is None or valid_from <= today) and (valid_to is None or today <= valid_to)


def aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("times in the domain are timezone-aware")
    return at
