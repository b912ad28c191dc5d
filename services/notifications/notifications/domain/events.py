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
