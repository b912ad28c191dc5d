"""Notifications' published events (a versioned public contract) and the parts of
identity's events it reads.

Incoming data is loaded leniently (unknown fields excluded) so that a
producer may add fields without breaking this consumer.
"""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields

from notifications.domain import events
from portal_kit.events import EventSpec

DPA_SIGNED = "portal.identity.dpa.signed.v1"
DPA_TERMINATED = "portal.identity.dpa.terminated.v1"
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


def _delivery(event: events.EmailSent) -> str:
    return f"deliveries/{event.delivery_id}"


EVENT_SPECS: dict[type, EventSpec] = {
    events.EmailSent: EventSpec(EMAIL_SENT, EmailSentV1(), _delivery),
}


class _AgreementChangedIn(Schema):
    class Meta:
        unknown = EXCLUDE

    organisation_id = fields.String(required=True)
    organisation_name = fields.String(required=True)
    contact_email = fields.Email(required=True)
    agreement_version = fields.Integer(required=True)


class DpaSignedIn(_AgreementChangedIn):
    signatory_name = fields.String(required=True)
    signed_at = fields.AwareDateTime(required=True)


class DpaTerminatedIn(_AgreementChangedIn):
    terminated_by_party = fields.String(required=True)
    reason = fields.String(required=True)
    terminated_at = fields.AwareDateTime(required=True)
