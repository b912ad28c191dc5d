"""Events published by notifications on the exchange ``notifications.events``.

Data classification (``CLASSIFICATION``): every event here is *personal* (it names a
recipient or a person). No event carries a message's text: an invitation link is a
credential and never leaves the notifications service but in the message itself.
"""
from __future__ import annotations

from marshmallow import Schema, fields

EMAIL_SENT = "portal.notifications.email.sent.v1"
SMS_SENT = "portal.notifications.sms.sent.v1"
DELIVERY_FAILED = "portal.notifications.delivery.failed.v1"


class _Personal(Schema):
    CLASSIFICATION = "personal"


class EmailSentV1(_Personal):
    """An e-mail was accepted by the mail server (it may still bounce later)."""

    delivery_id = fields.String(required=True)
    recipient = fields.Email(required=True)
    template = fields.String(required=True, metadata={
        "description": "Which text was sent, e.g. dpa_signed or invitation"})
    source_event_id = fields.String(required=True, metadata={
        "description": "The id of the CloudEvent (or command) that caused the mail"})
    sent_at = fields.AwareDateTime(required=True)


class SmsSentV1(_Personal):
    """A text message was accepted by the SMS gateway."""

    delivery_id = fields.String(required=True)
    template = fields.String(required=True, metadata={
        "description": "Which text was sent, e.g. invitation or vejleder_access"})
    source_event_id = fields.String(required=True)
    sent_at = fields.AwareDateTime(required=True)


class DeliveryFailedV1(_Personal):
    """A message was given up: it failed for good (a bad address, a refused recipient, a
    template that could not be filled in, no contact data) or was dead-lettered after its
    last attempt (the server or gateway kept failing; an administrator may retry it)."""

    delivery_id = fields.String(required=True)
    channel = fields.String(required=True, metadata={"description": "email or sms"})
    template = fields.String(required=True)
    source_event_id = fields.String(required=True)
    person_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The recipient's opaque person id, when the recipient is a person"})
    organisation_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The organisation the message concerns, when there is one"})
    status = fields.String(required=True, metadata={"description": "failed or dead_lettered"})
    error = fields.String(required=True)
    attempts = fields.Integer(required=True)
    failed_at = fields.AwareDateTime(required=True)
