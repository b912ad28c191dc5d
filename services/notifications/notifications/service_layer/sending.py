"""Send what is due, one delivery at a time in three short steps: claim the next due
delivery and commit (so no other sender takes it), hand it to its channel's sender outside
any transaction, then record the outcome. A sent message's event goes to the outbox in
that last transaction. A worker that dies between the claim and the last commit leaves
that one delivery claimed; after the lease another sender sends it (again, if the server
had taken it: with the same id). Claiming one at a time means a worker killed while
sending strands only the mail in its hands, not the rest of a batch, and the lease need
only outlast one send, however many are due.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Protocol

from notifications.domain import commands
from notifications.domain.exceptions import NotDelivered
from notifications.domain.model import Delivery, Outgoing, RetryPolicy
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from portal_kit.clock import Clock

log = logging.getLogger(__name__)


class Sender(Protocol):
    def send(self, message: Outgoing) -> None: ...


def send_due(command: commands.SendDue, uow: NotificationsUnitOfWork,
             senders: Mapping[str, Sender], clock: Clock, policy: RetryPolicy) -> int:
    """Send what is due now, at most ``limit``; returns how many the servers accepted."""
    sent = 0
    for _ in range(command.limit):
        message = _claim_next(uow, clock, policy)
        if message is None:
            break
        sent += _send(message, uow, senders[message.channel], clock, policy)
    return sent


def _claim_next(uow: NotificationsUnitOfWork, clock: Clock,
                policy: RetryPolicy) -> Outgoing | None:
    with uow:
        now = clock.now()
        due = uow.deliveries.due(now, policy, 1)
        if not due:
            return None
        claimed = due[0].claim(now, policy)
        uow.commit()
    return claimed


def _send(message: Outgoing, uow: NotificationsUnitOfWork, sender: Sender, clock: Clock,
          policy: RetryPolicy) -> bool:
    try:
        sender.send(message)
    except NotDelivered as exc:
        error, permanent = exc.detail, exc.permanent
        log.warning("delivery %s (%s) not sent%s: %s", message.delivery_id, message.channel,
                    " and never will be" if permanent else "", error)
        _finish(uow, message.delivery_id, lambda delivery: delivery.record_failure(
            error, clock.now(), policy, permanent=permanent))
        return False
    _finish(uow, message.delivery_id, lambda delivery: delivery.mark_sent(clock.now()))
    return True


def _finish(uow: NotificationsUnitOfWork, delivery_id: str,
            outcome: Callable[[Delivery], None]) -> None:
    with uow:
        delivery = uow.deliveries.get(delivery_id)
        assert delivery is not None, f"delivery {delivery_id} vanished while being sent"
        outcome(delivery)
        uow.commit()
