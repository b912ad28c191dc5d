"""Mails invitations asks notifications to send (private commands, never public events).

The invitation and reminder carry the link, a credential: they go through the outbox
to the private exchange ``invitations.commands``, which only the portal's services may
bind to.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

INVITATION = "invitation"
INVITATION_REMINDER = "invitation_reminder"
VEJLEDER_ACCESS = "vejleder_access"


@dataclass(frozen=True)
class MailRequest:
    """One mail to one address: its kind (notifications' template) and what it shows."""

    kind: str
    request_id: str
    email: str
    language: str | None
    country: str | None
    person_id: str | None
    organisation_id: str | None
    data: dict[str, Any] = field(default_factory=dict)
