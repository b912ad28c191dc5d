"""Notifications' published events: each domain event, its CloudEvent type and data schema.

The types and schemas themselves are the public contract in
``portal_contracts.notifications``; what it reads of identity's events is in
``portal_contracts.identity``.
"""
from __future__ import annotations

from typing import Any

from notifications.domain import events
from portal_contracts import notifications as contract
from portal_kit.events import EventSpec


def _delivery(event: Any) -> str:
    return f"deliveries/{event.delivery_id}"


EVENT_SPECS: dict[type, EventSpec] = {
    events.EmailSent: EventSpec(contract.EMAIL_SENT, contract.EmailSentV1(), _delivery),
    events.SmsSent: EventSpec(contract.SMS_SENT, contract.SmsSentV1(), _delivery),
    events.DeliveryFailed: EventSpec(contract.DELIVERY_FAILED, contract.DeliveryFailedV1(),
                                     _delivery),
}
