"""Notifications' handlers: queue a mail for an event, and send what is due.

Queueing happens in the event's own transaction (with the inbox record), so a
redelivered event queues nothing twice. Sending is three short steps: claim
due deliveries and commit (so no other sender takes them), talk to the mail
server outside any transaction, then record the outcome; a sent mail's
``EmailSent`` event goes to the outbox in that last transaction.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from notifications.domain import commands, templates
from notifications.domain.exceptions import MailNotSent
from notifications.domain.model import Delivery, OutgoingMail, RenderedMail, RetryPolicy
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from portal_contracts import read
from portal_contracts.identity import (
    DPA_SIGNED_V2,
    DPA_TERMINATED_V2,
    DpaSignedV2,
    DpaTerminatedV2,
)
from portal_kit.clock import Clock
from portal_kit.inbox import idempotent

log = logging.getLogger(__name__)


class Mailer(Protocol):
    def send(self, mail: OutgoingMail) -> None: ...


SIGNED_FIELDS = ("organisation_name", "contact_email", "agreement_version", "signatory_name",
                 "signed_at")
TERMINATED_FIELDS = ("organisation_name", "contact_email", "agreement_version", "reason",
                     "terminated_at", "terminated_by_party")


@idempotent("notifications.mail_agreement_signed")
def mail_agreement_signed(event: dict[str, Any], uow: NotificationsUnitOfWork,
                          clock: Clock) -> None:
    data = read(DpaSignedV2, event, only=SIGNED_FIELDS)
    mail = templates.agreement_signed(
        organisation_name=data["organisation_name"], signatory_name=data["signatory_name"],
        agreement_version=data["agreement_version"], signed_at=data["signed_at"])
    _queue(uow, mail, data["contact_email"], event, clock)


@idempotent("notifications.mail_agreement_terminated")
def mail_agreement_terminated(event: dict[str, Any], uow: NotificationsUnitOfWork,
                              clock: Clock) -> None:
    data = read(DpaTerminatedV2, event, only=TERMINATED_FIELDS)
    mail = templates.agreement_terminated(
        organisation_name=data["organisation_name"], reason=data["reason"],
        agreement_version=data["agreement_version"], terminated_at=data["terminated_at"],
        terminated_by_party=data["terminated_by_party"])
    _queue(uow, mail, data["contact_email"], event, clock)


def _queue(uow: NotificationsUnitOfWork, mail: RenderedMail, recipient: str,
           event: dict[str, Any], clock: Clock) -> None:
    uow.deliveries.add(Delivery.queue(mail, recipient, event["id"], clock.now()))


def send_due_mail(command: commands.SendDueMail, uow: NotificationsUnitOfWork,
                  mailer: Mailer, clock: Clock, policy: RetryPolicy) -> int:
    """Send what is due now; returns how many mails the server accepted."""
    sent = 0
    for mail in _claim_due(uow, clock, policy, command.limit):
        sent += _send(mail, uow, mailer, clock, policy)
    return sent


def _claim_due(uow: NotificationsUnitOfWork, clock: Clock, policy: RetryPolicy,
               limit: int) -> list[OutgoingMail]:
    with uow:
        now = clock.now()
        claimed = [delivery.claim(now, policy)
                   for delivery in uow.deliveries.due(now, policy, limit)]
        uow.commit()
    return claimed


def _send(mail: OutgoingMail, uow: NotificationsUnitOfWork, mailer: Mailer, clock: Clock,
          policy: RetryPolicy) -> bool:
    try:
        mailer.send(mail)
    except MailNotSent as exc:
        error = exc.detail
        log.warning("delivery %s not sent: %s", mail.delivery_id, error)
        _finish(uow, mail.delivery_id,
                lambda delivery: delivery.record_failure(error, clock.now(), policy))
        return False
    _finish(uow, mail.delivery_id, lambda delivery: delivery.mark_sent(clock.now()))
    return True


def _finish(uow: NotificationsUnitOfWork, delivery_id: str,
            outcome: Callable[[Delivery], None]) -> None:
    with uow:
        delivery = uow.deliveries.get(delivery_id)
        assert delivery is not None, f"delivery {delivery_id} vanished while being sent"
        outcome(delivery)
        uow.commit()


COMMAND_HANDLERS = {
    commands.SendDueMail: send_due_mail,
}

EVENT_HANDLERS = {
    DPA_SIGNED_V2: [mail_agreement_signed],
    DPA_TERMINATED_V2: [mail_agreement_terminated],
}
