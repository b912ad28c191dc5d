"""Mail requests as commands to notifications: CloudEvent-shaped, on a private exchange.

Shaped like an event (so the kit's outbox relays it and its consumers read it) but
published to ``invitations.commands`` only, never to the public ``invitations.events``.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from invitations.domain.messages import MailRequest
from portal_contracts import invitations as contract
from portal_kit import correlation
from portal_kit import events as ce

SOURCE = "/portal/invitations"


def command_for(request: MailRequest, at: datetime) -> dict[str, Any]:
    data = contract.MailRequestedV1().dump(request)
    errors = contract.MailRequestedV1().validate(data)
    if errors:
        raise ValueError(f"mail request does not match its schema: {errors}")
    return ce.envelope(source=SOURCE, type=contract.MAIL_REQUESTED,
                       subject=f"mail-requests/{request.request_id}", data=data, time=at,
                       correlation_id=correlation.get(), dataschema=contract.MAIL_REQUESTED,
                       event_id=request.request_id)
