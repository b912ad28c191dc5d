"""Events published by notifications on the exchange ``notifications.events``."""
from __future__ import annotations

from marshmallow import Schema, fields

EMAIL_SENT = "portal.notifications.email.sent.v1"


class EmailSentV1(Schema):
    """An e-mail was accepted by the mail server (it may still bounce later)."""

    delivery_id = fields.String(required=True)
    recipient = fields.Email(required=True)
    template = fields.String(required=True, metadata={
        "description": "Which text was sent, e.g. dpa_signed or dpa_terminated"})
    source_event_id = fields.String(required=True, metadata={
        "description": "The id of the CloudEvent that caused the mail"})
    sent_at = fields.AwareDateTime(required=True)
