"""Mail requests as commands to notifications (``portal_contracts.notification_commands``).

CloudEvent-shaped, so the kit's outbox relays them and notifications' consumers read them,
but written to the private exchange ``invitations.commands`` only, never to the public
``invitations.events``. A request that does not match notifications' schema is refused
here, at the source (a programming error), before anything commits.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema

from invitations.domain.messages import (
    INVITATION,
    INVITATION_REMINDER,
    VEJLEDER_ACCESS,
    MailRequest,
)
from portal_contracts import notification_commands as nc
from portal_kit import correlation
from portal_kit import events as ce

SOURCE = "/portal/invitations"
EXCHANGE = nc.INVITATIONS_COMMANDS
COMMANDS: dict[str, tuple[str, type[Schema]]] = {
    INVITATION: (nc.SEND_INVITATION, nc.SendInvitationV1),
    INVITATION_REMINDER: (nc.SEND_INVITATION_REMINDER, nc.SendInvitationReminderV1),
    VEJLEDER_ACCESS: (nc.SEND_VEJLEDER_ACCESS, nc.SendVejlederAccessV1),
}


def command_for(request: MailRequest, at: datetime) -> dict[str, Any]:
    command_type, schema = COMMANDS[request.kind]
    data = schema().dump(request.data)
    errors = schema().validate(data)
    if errors:
        raise ValueError(f"command {command_type} does not match its schema: {errors}")
    return ce.envelope(source=SOURCE, type=command_type, subject=request.subject, data=data,
                       time=at, correlation_id=correlation.get(), event_id=request.request_id,
                       dataschema=f"{SOURCE}/commands/{command_type}")
