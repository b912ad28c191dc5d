from datetime import UTC, datetime, timedelta

import pytest

from notifications.domain.events import DeliveryFailed, EmailSent, SmsSent
from notifications.domain.exceptions import DeliveryStateConflict
from notifications.domain.messages import SMS
from notifications.domain.model import (
    Delivery,
    DeliveryStatus,
    Origin,
    RenderedMessage,
    RetryPolicy,
)
from notifications.domain.recipients import Recipient

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=3, first_delay=timedelta(seconds=30),
                     max_delay=timedelta(minutes=5), lease=timedelta(minutes=2))
CONTACT = Recipient.address("post@bergen.kommune.no", "NO")
INVITEE = Recipient.address("kari@example.no", "NO", mobile="+4791234567")


def queued(template="dpa_signed", recipient=CONTACT, channel="email") -> Delivery:
    message = RenderedMessage(template, "nb", "Emne", "Tekst", "<p>Tekst</p>")
    return Delivery.queue(message, recipient, channel, Origin("event-1", "org-1"), AT)


def failed_attempt(delivery: Delivery, at: datetime, permanent: bool = False) -> None:
    delivery.claim(at, POLICY)
    delivery.record_failure("ConnectionRefusedError: [Errno 111]", at, POLICY, permanent)


class TestQueueing:
    def test_a_new_delivery_is_queued_and_due_at_once(self):
        delivery = queued()
        assert delivery.status is DeliveryStatus.QUEUED
        assert delivery.channel == "email" and delivery.attempts == 0
        assert (delivery.language, delivery.category) == ("nb", "agreements")
        assert delivery.is_due(AT, POLICY)

    def test_an_sms_delivery_goes_to_the_mobile_number(self):
        delivery = queued("invitation", INVITEE, SMS)
        assert (delivery.channel, delivery.address) == ("sms", "+4791234567")

    def test_a_message_that_cannot_be_made_is_recorded_as_failed_with_the_reason(self):
        delivery = Delivery.refused("dpa_signed", CONTACT, "email", Origin("event-1", "org-1"),
                                    "template dpa_signed (nb): 'signatory' is undefined", AT)
        assert delivery.status is DeliveryStatus.FAILED
        assert delivery.last_error == "template dpa_signed (nb): 'signatory' is undefined"
        assert not delivery.is_due(AT, POLICY)
        [failed] = delivery.events
        assert isinstance(failed, DeliveryFailed) and failed.status == "failed"

    def test_an_opted_out_message_is_recorded_but_never_sent(self):
        message = RenderedMessage("invitation_reminder", "nb", "Påminnelse", "Tekst")
        delivery = Delivery.suppressed(message, INVITEE, "email", Origin("event-1"), AT)
        assert delivery.status is DeliveryStatus.SUPPRESSED and delivery.body == ""
        assert not delivery.is_due(AT + timedelta(days=1), POLICY)


class TestSending:
    def test_claiming_hands_out_the_message_and_counts_the_attempt(self):
        delivery = queued()
        message = delivery.claim(AT, POLICY)
        assert (message.delivery_id, message.address) == (delivery.id, "post@bergen.kommune.no")
        assert (message.text, message.html, message.language) == ("Tekst", "<p>Tekst</p>", "nb")
        assert delivery.status is DeliveryStatus.SENDING and delivery.attempts == 1

    def test_only_messages_that_are_not_mandatory_can_be_unsubscribed_from(self):
        assert not queued().claim(AT, POLICY).unsubscribable
        assert queued("invitation_reminder", INVITEE).claim(AT, POLICY).unsubscribable

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

    def test_a_sent_sms_tells_subscribers_without_the_number(self):
        delivery = queued("invitation", INVITEE, SMS)
        delivery.claim(AT, POLICY)
        delivery.mark_sent(AT)
        assert delivery.events == [SmsSent(delivery.id, "invitation", "event-1", AT)]

    def test_an_invitation_link_is_not_kept_once_the_mail_is_sent(self):
        delivery = queued("invitation", INVITEE)
        delivery.claim(AT, POLICY)
        delivery.mark_sent(AT)
        assert (delivery.body, delivery.html, delivery.subject) == ("", "", "Emne")

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

    def test_the_delivery_is_dead_lettered_after_the_last_attempt_and_not_forgotten(self):
        delivery = queued()
        for minutes in (0, 10, 20):
            failed_attempt(delivery, AT + timedelta(minutes=minutes))
        assert delivery.status is DeliveryStatus.DEAD_LETTERED and delivery.attempts == 3
        assert delivery.next_attempt_at is None and delivery.body == "Tekst"
        assert not delivery.is_due(AT + timedelta(days=1), POLICY)
        [failed] = delivery.events
        assert (failed.status, failed.attempts, failed.organisation_id) == (
            "dead_lettered", 3, "org-1")

    def test_a_dead_lettered_delivery_can_be_retried_for_another_round(self):
        delivery = queued()
        for minutes in (0, 10, 20):
            failed_attempt(delivery, AT + timedelta(minutes=minutes))
        delivery.retry(AT + timedelta(hours=1))
        assert delivery.status is DeliveryStatus.QUEUED and delivery.attempts == 0
        assert delivery.is_due(AT + timedelta(hours=1), POLICY)

    def test_only_a_dead_lettered_delivery_is_retried(self):
        with pytest.raises(DeliveryStateConflict):
            queued().retry(AT)

    def test_a_permanent_failure_gives_up_at_once(self):
        delivery = queued()
        failed_attempt(delivery, AT, permanent=True)
        assert delivery.status is DeliveryStatus.FAILED and delivery.attempts == 1
        assert delivery.settled_at == AT

    def test_a_success_after_failures_keeps_the_count_of_attempts(self):
        delivery = queued()
        failed_attempt(delivery, AT)
        delivery.claim(AT + timedelta(minutes=1), POLICY)
        delivery.mark_sent(AT + timedelta(minutes=1))
        assert delivery.status is DeliveryStatus.SENT and delivery.attempts == 2
