from datetime import UTC, datetime, timedelta

import pytest

from notifications.domain.events import EmailSent
from notifications.domain.exceptions import DeliveryStateConflict
from notifications.domain.model import Delivery, DeliveryStatus, RenderedMail, RetryPolicy

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=3, first_delay=timedelta(seconds=30),
                     max_delay=timedelta(minutes=5), lease=timedelta(minutes=2))


def queued() -> Delivery:
    mail = RenderedMail("dpa_signed", "Subject", "Body")
    return Delivery.queue(mail, "post@bergen.kommune.no", "event-1", AT)


def failed_attempt(delivery: Delivery, at: datetime) -> None:
    delivery.claim(at, POLICY)
    delivery.record_failure("ConnectionRefusedError: [Errno 111]", at, POLICY)


class TestQueueing:
    def test_a_new_delivery_is_queued_and_due_at_once(self):
        delivery = queued()
        assert delivery.status is DeliveryStatus.QUEUED
        assert delivery.channel == "email" and delivery.attempts == 0
        assert delivery.is_due(AT, POLICY)


class TestSending:
    def test_claiming_hands_out_the_mail_and_counts_the_attempt(self):
        delivery = queued()
        mail = delivery.claim(AT, POLICY)
        assert (mail.delivery_id, mail.recipient) == (delivery.id, "post@bergen.kommune.no")
        assert delivery.status is DeliveryStatus.SENDING and delivery.attempts == 1

    def test_a_claimed_delivery_is_not_claimed_again_before_its_lease_runs_out(self):
        delivery = queued()
        delivery.claim(AT, POLICY)
        with pytest.raises(DeliveryStateConflict):
            delivery.claim(AT + timedelta(minutes=1), POLICY)
        delivery.claim(AT + timedelta(minutes=2), POLICY)
        assert delivery.attempts == 2

    def test_a_sent_delivery_records_when_and_tells_subscribers(self):
        delivery = queued()
        delivery.claim(AT, POLICY)
        delivery.mark_sent(AT + timedelta(seconds=1))
        assert delivery.status is DeliveryStatus.SENT
        assert delivery.sent_at == AT + timedelta(seconds=1)
        assert delivery.events == [EmailSent(delivery.id, "post@bergen.kommune.no",
                                             "dpa_signed", "event-1", delivery.sent_at)]

    def test_a_sent_delivery_is_never_sent_again(self):
        delivery = queued()
        delivery.claim(AT, POLICY)
        delivery.mark_sent(AT)
        assert not delivery.is_due(AT + timedelta(days=1), POLICY)
        with pytest.raises(DeliveryStateConflict):
            delivery.claim(AT + timedelta(days=1), POLICY)
        with pytest.raises(DeliveryStateConflict):
            delivery.mark_sent(AT)

    def test_a_queued_delivery_cannot_be_marked_sent_without_a_claim(self):
        with pytest.raises(DeliveryStateConflict):
            queued().mark_sent(AT)


class TestFailedAttempts:
    def test_a_failed_attempt_queues_the_delivery_again_after_a_delay(self):
        delivery = queued()
        failed_attempt(delivery, AT)
        assert delivery.status is DeliveryStatus.QUEUED
        assert delivery.last_error == "ConnectionRefusedError: [Errno 111]"
        assert delivery.next_attempt_at == AT + timedelta(seconds=30)
        assert not delivery.is_due(AT + timedelta(seconds=29), POLICY)
        assert delivery.is_due(AT + timedelta(seconds=30), POLICY)

    def test_the_delay_doubles_with_each_attempt_up_to_a_limit(self):
        assert [POLICY.delay_after(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [
            30, 60, 120, 240, 300]

    def test_the_delivery_is_given_up_after_the_last_attempt(self):
        delivery = queued()
        for minutes in (0, 10, 20):
            failed_attempt(delivery, AT + timedelta(minutes=minutes))
        assert delivery.status is DeliveryStatus.FAILED and delivery.attempts == 3
        assert delivery.next_attempt_at is None and delivery.events == []
        assert not delivery.is_due(AT + timedelta(days=1), POLICY)

    def test_a_success_after_failures_keeps_the_count_of_attempts(self):
        delivery = queued()
        failed_attempt(delivery, AT)
        delivery.claim(AT + timedelta(minutes=1), POLICY)
        delivery.mark_sent(AT + timedelta(minutes=1))
        assert delivery.status is DeliveryStatus.SENT and delivery.attempts == 2
