"""Deliveries: one message to one recipient by one channel, queued, sent once, or given up.

A delivery is recorded (``queued``) in the same transaction as the event that
caused it, one per (event, recipient, channel), so nothing is lost when the mail
server is down and nothing is sent twice when the event comes again. A sender
claims it (``sending``), hands it to the server and marks it ``sent``. A temporary
failure puts it back in the queue after a growing delay; after the last attempt it
is ``dead_lettered`` (kept, listed for administrators, retried on request). A
permanent failure (a bad address, a missing template variable, no contact data) is
``failed`` at once. A claim never finished (a worker crashed after the server took
the mail, before the commit) is taken over after a lease and sent again with the
same Message-ID, so "once" means once per Message-ID.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import uuid4

from notifications.domain.events import DeliveryFailed, EmailSent, SmsSent
from notifications.domain.exceptions import DeliveryStateConflict
from notifications.domain.messages import EMAIL, kind
from notifications.domain.recipients import Recipient


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DEAD_LETTERED = "dead_lettered"
    SUPPRESSED = "suppressed"


SETTLED_BADLY = (DeliveryStatus.FAILED, DeliveryStatus.DEAD_LETTERED)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a delivery is tried."""

    max_attempts: int = 8
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)
    lease: timedelta = timedelta(minutes=5)

    def delay_after(self, attempts: int) -> timedelta:
        """Exponential back-off: first_delay, twice that, ... capped at max_delay."""
        return min(self.first_delay * 2 ** max(attempts - 1, 0), self.max_delay)


@dataclass(frozen=True)
class RenderedMessage:
    """A template filled in, in one language: subject (mail only), text and HTML (mail only)."""

    template: str
    language: str
    subject: str
    text: str
    html: str = ""


@dataclass(frozen=True)
class Outgoing:
    """What a sender needs for one attempt of one delivery."""

    delivery_id: str
    channel: str
    address: str
    name: str
    subject: str
    text: str
    html: str
    language: str
    unsubscribable: bool


@dataclass(frozen=True)
class Origin:
    """What caused a message: the event (or command) id and the organisation concerned.

    ``message_key`` says which messages are the same (default: the event's id); two
    versions of one event (``dpa.signed.v1`` and ``.v2``) share one key, so the change is
    told once, whichever version arrives first.
    """

    source_event_id: str
    organisation_id: str | None = None
    key: str | None = None

    @property
    def message_key(self) -> str:
        return self.key or self.source_event_id


@dataclass(eq=False)
class Delivery:
    id: str
    channel: str
    recipient_key: str
    address: str
    recipient_name: str
    person_id: str | None
    organisation_id: str | None
    template: str
    category: str
    language: str
    subject: str
    body: str
    html: str
    source_event_id: str
    message_key: str
    created_at: datetime
    status: DeliveryStatus = DeliveryStatus.QUEUED
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    settled_at: datetime | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def queue(cls, message: RenderedMessage, recipient: Recipient, channel: str, origin: Origin,
              at: datetime, delivery_id: str | None = None) -> Delivery:
        address = (recipient.email if channel == EMAIL else recipient.mobile) or ""
        return cls(delivery_id or str(uuid4()), channel, recipient.key, address, recipient.name,
                   recipient.person_id, origin.organisation_id, message.template,
                   kind(message.template).category, message.language, message.subject,
                   message.text, message.html, origin.source_event_id, origin.message_key,
                   created_at=at, next_attempt_at=at)

    @classmethod
    def refused(cls, template: str, recipient: Recipient, channel: str, origin: Origin,
                error: str, at: datetime, delivery_id: str | None = None) -> Delivery:
        """A message that cannot be sent at all: recorded as failed, with why."""
        message = RenderedMessage(template, recipient.language, "", "")
        delivery = cls.queue(message, recipient, channel, origin, at, delivery_id)
        delivery._settle(DeliveryStatus.FAILED, error, at)
        return delivery

    @classmethod
    def suppressed(cls, message: RenderedMessage, recipient: Recipient, channel: str,
                   origin: Origin, at: datetime) -> Delivery:
        """A message the recipient chose not to receive: recorded, never sent."""
        delivery = cls.queue(message, recipient, channel, origin, at)
        delivery.status, delivery.next_attempt_at = DeliveryStatus.SUPPRESSED, None
        delivery.body = delivery.html = ""
        delivery.settled_at = at
        return delivery

    @property
    def unsubscribable(self) -> bool:
        return not kind(self.template).mandatory

    def is_due(self, now: datetime, policy: RetryPolicy) -> bool:
        if self.status is DeliveryStatus.QUEUED:
            return self.next_attempt_at is None or self.next_attempt_at <= now
        abandoned = self.claimed_at is not None and self.claimed_at + policy.lease <= now
        return self.status is DeliveryStatus.SENDING and abandoned

    def claim(self, at: datetime, policy: RetryPolicy) -> Outgoing:
        """Take the delivery for one attempt; the attempt counts from here."""
        if not self.is_due(at, policy):
            raise DeliveryStateConflict(f"Delivery {self.id} is {self.status.value}, not due.")
        self.status, self.claimed_at = DeliveryStatus.SENDING, at
        self.attempts += 1
        return Outgoing(self.id, self.channel, self.address, self.recipient_name, self.subject,
                        self.body, self.html, self.language, self.unsubscribable)

    def mark_sent(self, at: datetime) -> None:
        self._require_sending()
        self.status, self.sent_at, self.settled_at = DeliveryStatus.SENT, at, at
        self.next_attempt_at = self.claimed_at = None
        self._erase_secrets()
        if self.channel == EMAIL:
            self.events.append(EmailSent(self.id, self.address, self.template,
                                         self.source_event_id, at))
        else:
            self.events.append(SmsSent(self.id, self.template, self.source_event_id, at))

    def record_failure(self, error: str, at: datetime, policy: RetryPolicy,
                       permanent: bool = False) -> None:
        """A failed attempt: queue again after a delay, or give up (permanent or the last)."""
        self._require_sending()
        self.claimed_at = None
        if permanent:
            self._settle(DeliveryStatus.FAILED, error, at)
        elif self.attempts >= policy.max_attempts:
            self._settle(DeliveryStatus.DEAD_LETTERED, error, at)
        else:
            self.status, self.last_error = DeliveryStatus.QUEUED, error[:2000]
            self.next_attempt_at = at + policy.delay_after(self.attempts)

    def retry(self, at: datetime) -> None:
        """Queue a dead-lettered delivery again, for another round of attempts."""
        if self.status is not DeliveryStatus.DEAD_LETTERED:
            raise DeliveryStateConflict(
                f"Delivery {self.id} is {self.status.value}; only dead-lettered deliveries "
                "are retried.")
        self.status, self.attempts, self.next_attempt_at = DeliveryStatus.QUEUED, 0, at
        self.settled_at = None

    def _settle(self, status: DeliveryStatus, error: str, at: datetime) -> None:
        self.status, self.last_error, self.settled_at = status, error[:2000], at
        self.next_attempt_at = None
        if status is DeliveryStatus.FAILED:
            self._erase_secrets()
        self.events.append(DeliveryFailed(
            self.id, self.channel, self.template, self.source_event_id, self.person_id,
            self.organisation_id, status.value, self.last_error or "", self.attempts, at))

    def _erase_secrets(self) -> None:
        """A link that is a credential (an invitation's) is not kept once it cannot be used."""
        if kind(self.template).secret:
            self.body = self.html = ""

    def _require_sending(self) -> None:
        if self.status is not DeliveryStatus.SENDING:
            raise DeliveryStateConflict(
                f"Delivery {self.id} is {self.status.value}, not being sent.")
