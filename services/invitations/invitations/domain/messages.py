"""Mails invitations asks notifications to send (private commands, never public events).

The invitation and its reminder carry the link, a credential: they go through the outbox
to the private exchange ``invitations.commands``, which only the portal's services may
bind to. ``data`` is the command's content as notifications' contract
(``portal_contracts.notification_commands``) names it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

INVITATION = "invitation"
INVITATION_REMINDER = "invitation_reminder"
VEJLEDER_ACCESS = "vejleder_access"


@dataclass(frozen=True)
class MailRequest:
    kind: str
    request_id: str
    subject: str
    data: dict[str, Any] = field(default_factory=dict)
