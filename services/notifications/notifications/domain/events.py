"""What happened in notifications; published as ``portal.notifications.*`` CloudEvents."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class EmailSent:
    """The SMTP server accepted the mail of one delivery."""

    delivery_id: str
    recipient: str
    template: str
    source_event_id: str
    sent_at: datetime


@dataclass(frozen=True)
class SmsSent:
    """The SMS gateway accepted the text message of one delivery."""

    delivery_id: str
    template: str
    source_event_id: str
    sent_at: datetime


@dataclass(frozen=True)
class DeliveryFailed:
    """A delivery was given up: failed permanently, or dead-lettered after its attempts."""

    delivery_id: str
    channel: str
    template: str
    source_event_id: str
    person_id: str | None
    organisation_id: str | None
    status: str
    error: str
    attempts: int
    failed_at: datetime
