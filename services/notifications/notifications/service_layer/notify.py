"""Queue one message to one recipient: by which channels, in which language, or not at all.

For each channel the message warrants (e-mail always; SMS where the kind asks for it
and the recipient has a mobile number) one delivery is recorded, once per event: a
redelivered event finds it and adds nothing. A message that cannot be made (no
address, a template variable missing) is recorded as failed with the reason; a
message the recipient opted out of is recorded as suppressed. Nothing is sent here:
the sender takes queued deliveries after the commit.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol
from uuid import uuid4

from notifications.domain.exceptions import TemplateFailed
from notifications.domain.messages import EMAIL, IMMEDIATE, OFF, SMS, MessageKind, kind
from notifications.domain.model import Delivery, Origin, RenderedMessage
from notifications.domain.recipients import Recipient
from notifications.domain.unsubscribe import UnsubscribeLinks
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork

log = logging.getLogger(__name__)
MOBILE = re.compile(r"\+?[0-9][0-9 ]{5,19}")


class Renderer(Protocol):
    def mail(self, template: str, language: str,
             values: Mapping[str, Any]) -> RenderedMessage: ...

    def sms(self, template: str, language: str,
            values: Mapping[str, Any]) -> RenderedMessage: ...


def notify(uow: NotificationsUnitOfWork, renderer: Renderer, links: UnsubscribeLinks,
           template: str, recipient: Recipient, values: Mapping[str, Any], origin: Origin,
           at: datetime) -> None:
    message_kind = kind(template)
    channels = [EMAIL] + ([SMS] if message_kind.sms and recipient.mobile else [])
    for channel in channels:
        if not uow.deliveries.exists(origin.message_key, recipient.key, channel):
            uow.deliveries.add(_delivery(uow, renderer, links, message_kind, channel,
                                         recipient, values, origin, at))


def _delivery(uow: NotificationsUnitOfWork, renderer: Renderer, links: UnsubscribeLinks,
              message_kind: MessageKind, channel: str, recipient: Recipient,
              values: Mapping[str, Any], origin: Origin, at: datetime) -> Delivery:
    delivery_id = str(uuid4())
    template = message_kind.name
    missing = _missing_address(channel, recipient)
    if missing:
        log.warning("%s %s to %s not sent: %s", template, channel, recipient.key, missing)
        return Delivery.refused(template, recipient, channel, origin, missing, at, delivery_id)
    context = dict(values, recipient_name=recipient.name, time_zone=recipient.time_zone,
                   portal_url=links.portal_url)
    if not message_kind.mandatory:
        context["unsubscribe_url"] = links.page_url(delivery_id)
    try:
        render = renderer.mail if channel == EMAIL else renderer.sms
        message = render(template, recipient.language, context)
    except TemplateFailed as exc:
        log.error("%s %s to %s not made: %s", template, channel, recipient.key, exc.detail)
        return Delivery.refused(template, recipient, channel, origin, exc.detail, at, delivery_id)
    choice = IMMEDIATE if message_kind.mandatory else uow.preferences.choice(
        recipient.key, message_kind.category)
    if choice == OFF:
        return Delivery.suppressed(message, recipient, channel, origin, at)
    return Delivery.queue(message, recipient, channel, origin, at, delivery_id)


def _missing_address(channel: str, recipient: Recipient) -> str | None:
    if channel == EMAIL and not recipient.email:
        return f"no e-mail address known for {recipient.key} (no contact data)"
    if channel == SMS and not MOBILE.fullmatch(recipient.mobile or ""):
        return f"not a mobile number: {recipient.mobile!r}"
    return None
