"""The daily digest of "awaiting your approval": once a day, at a configured hour in the
recipient's own time zone, everything that became ready for them since the last one.

Whether today's digest is due is a pure rule here; that it is sent *exactly once* per
person and day, even with several replicas, is a database claim: a row per (person,
local date) whose unique key lets only one transaction have it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class AwaitingApproval:
    """One item that became ready for a person's approval (kept for their digest)."""

    person_id: str
    trainee_name: str
    item_title: str
    link: str
    message_key: str
    source_event_id: str
    organisation_id: str | None
    created_at: datetime


def digest_day(now: datetime, time_zone: str, hour: int) -> date | None:
    """The local date whose digest is due at ``now``, or None before ``hour`` there."""
    local = now.astimezone(ZoneInfo(time_zone))
    return local.date() if local.hour >= hour else None
