"""Deliveries: one message to one recipient, queued, sent once, or given up.

A delivery is recorded (``queued``) in the same transaction as the event that
caused it, so nothing is lost when the mail server is down. A sender claims it
(``sending``), hands it to the mail server and marks it ``sent``; a failed
attempt puts it back in the queue after a growing delay, until the last
attempt marks it ``failed``. A claim that was never finished (a crashed
worker) may be taken over after a lease.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import uuid4

from notifications.domain.events import EmailSent
from notifications.domain.exceptions import DeliveryStateConflict

EMAIL = "email"


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


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
class RenderedMail:
    """A template filled in: its name, subject line and plain-text body."""

    template: str
    subject: str
    body: str


@dataclass(frozen=True)
class OutgoingMail:
    """What the mailer needs to send one delivery."""

    delivery_id: str
    recipient: str
    subject: str
    body: str


@dataclass(eq=False)
class Delivery:
    id: str
    channel: str
    recipient: str
    subject: str
    body: str
    template: str
    source_event_id: str
    created_at: datetime
    status: DeliveryStatus = DeliveryStatus.QUEUED
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def queue(cls, mail: RenderedMail, recipient: str, source_event_id: str,
              at: datetime) -> Delivery:
        return cls(str(uuid4()), EMAIL, recipient, mail.subject, mail.body, mail.template,
                   source_event_id, created_at=at, next_attempt_at=at)

    def is_due(self, now: datetime, policy: RetryPolicy) -> bool:
        if self.status is DeliveryStatus.QUEUED:
            return self.next_attempt_at is None or self.next_attempt_at <= now
        abandoned = self.claimed_at is not None and self.claimed_at + policy.lease <= now
        return self.status is DeliveryStatus.SENDING and abandoned

    def claim(self, at: datetime, policy: RetryPolicy) -> OutgoingMail:
        """Take the delivery for one attempt; the attempt counts from here."""
        if not self.is_due(at, policy):
            raise DeliveryStateConflict(f"Delivery {self.id} is {self.status.value}, not due.")
        self.status, self.claimed_at = DeliveryStatus.SENDING, at
        self.attempts += 1
        return OutgoingMail(self.id, self.recipient, self.subject, self.body)

    def mark_sent(self, at: datetime) -> None:
        self._require_sending()
        self.status, self.sent_at = DeliveryStatus.SENT, at
        self.next_attempt_at = self.claimed_at = None
        self.events.append(EmailSent(self.id, self.recipient, self.template,
                                     self.source_event_id, at))

    def record_failure(self, error: str, at: datetime, policy: RetryPolicy) -> None:
        """A failed attempt: queue again after a delay, or give up after the last one."""
        self._require_sending()
        self.last_error, self.claimed_at = error[:2000], None
        if self.attempts >= policy.max_attempts:
            self.status, self.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            self.status = DeliveryStatus.QUEUED
            self.next_attempt_at = at + policy.delay_after(self.attempts)

    def _require_sending(self) -> None:
        if self.status is not DeliveryStatus.SENDING:
            raise DeliveryStateConflict(
                f"Delivery {self.id} is {self.status.value}, not being sent.")
