from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SendDue:
    """Send the queued deliveries whose (next) attempt is due, at most ``limit`` of them."""

    limit: int = 20


@dataclass(frozen=True)
class Unsubscribe:
    """One-click unsubscribe (RFC 8058): stop the kind of message a signed link was sent with."""

    token: str


@dataclass(frozen=True)
class RetryDelivery:
    """Queue a dead-lettered delivery again (an administrator of its organisation or the
    operator asks, once the cause is fixed)."""

    delivery_id: str
    principal: Any


@dataclass(frozen=True)
class NoteAwaitingApproval:
    """Something became ready for a person's approval: tell them now, or keep it for their
    daily digest, as they chose. (Sign-off and documents events translate into this.)"""

    person_id: str
    trainee_name: str
    item_title: str
    link: str
    source_event_id: str
    organisation_id: str | None = None


@dataclass(frozen=True)
class SendDigests:
    """Queue today's digest for everyone whose digest hour has come (once per day each)."""

    limit: int = 200


@dataclass(frozen=True)
class ChoosePreferences:
    """A person's choices per category (immediate, daily_digest, off)."""

    person_id: str
    choices: dict[str, str]
