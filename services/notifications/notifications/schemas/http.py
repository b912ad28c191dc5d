"""Notifications' HTTP query and response bodies."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class DeliveriesQuery(Schema):
    recipient = fields.Email(load_default=None, validate=validate.Length(max=320), metadata={
        "description": "Only deliveries to this e-mail address (case-insensitive)"})


class DeliveryOut(Schema):
    id = fields.String()
    channel = fields.String(metadata={"description": "email | sms"})
    address = fields.String(metadata={"description": "The e-mail address or mobile number"})
    person_id = fields.String(allow_none=True)
    organisation_id = fields.String(allow_none=True)
    template = fields.String()
    category = fields.String()
    language = fields.String(metadata={"description": "nb | da | en"})
    subject = fields.String()
    source_event_id = fields.String()
    status = fields.Function(lambda d: d.status.value, metadata={
        "description": "queued | sending | sent | failed | dead_lettered | suppressed"})
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    next_attempt_at = fields.AwareDateTime(allow_none=True)
    sent_at = fields.AwareDateTime(allow_none=True)
    settled_at = fields.AwareDateTime(allow_none=True)


class NotificationOut(Schema):
    """One message to a person and how its delivery went (never its text)."""

    id = fields.String()
    channel = fields.String(metadata={"description": "email | sms"})
    address = fields.String()
    template = fields.String(metadata={"description": "What kind of message, e.g. invitation"})
    category = fields.String()
    language = fields.String()
    subject = fields.String()
    organisation_id = fields.String(allow_none=True)
    status = fields.Function(lambda d: d.status.value, metadata={
        "description": "queued | sending | sent | failed | dead_lettered | suppressed"})
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)
    settled_at = fields.AwareDateTime(allow_none=True)


class Preferences(Schema):
    """A person's choice per category of message that is not mandatory."""

    awaiting_approval = fields.String(validate=validate.OneOf(
        ["immediate", "daily_digest", "off"]), metadata={
        "description": "Items ready for my approval: at once, in a daily digest, or not"})
    reminders = fields.String(validate=validate.OneOf(["immediate", "off"]), metadata={
        "description": "Reminders of invitations before they expire"})


class UnsubscribeLinkOut(Schema):
    """What an unsubscribe link from a mail is for (the link names no person or address)."""

    language = fields.String(metadata={"description": "The language of the mail it came with"})
    category = fields.String(metadata={"description": "The kind of message it stops"})
    mandatory = fields.Boolean(metadata={
        "description": "True: a message that cannot be turned off (nothing changes)"})
    unsubscribed = fields.Boolean(metadata={
        "description": "True once this request turned the category off"})
