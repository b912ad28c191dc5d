import pytest

from kit_ledger import thing
from portal_kit.testing import wait_for


class TestInbox:
    def test_the_same_event_delivered_twice_changes_the_consumers_data_once(self, ledger, broker, db):
        event = thing(note="once")
        broker.publish(event)
        broker.publish(event)
        marker = thing(note="after")
        broker.publish(marker)
        wait_for(lambda: db("select 1 from entries where event_id = :e", e=marker["id"]))
        assert db("select note from entries where event_id = :e", e=event["id"]) == [("once",)]
        assert db("select count(*) from inbox where event_id = :e", e=event["id"]) == [(1,)]


class TestForeignProducers:
    def test_an_event_with_extension_attributes_and_no_correlation_id_is_handled(
            self, ledger, broker, db):
        event = {k: v for k, v in thing(note="from elsewhere").items() if k != "correlationid"}
        event.update(traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                     sampled=True)
        broker.publish(event)
        wait_for(lambda: db("select 1 from entries where event_id = :e", e=event["id"]))
        assert broker.drain("ledger.dead-letter") == []


class TestDeadLetters:
    def test_a_handler_that_always_raises_ends_in_the_dead_letter_queue_with_its_error(
            self, ledger, broker, db):
        event = thing(always_fail=True)
        broker.publish(event)
        message = wait_for(lambda: broker.drain("ledger.dead-letter"))[0]
        assert message.headers["x-error"] == "RuntimeError: this handler always fails"
        assert message.headers["x-handler"] == "ledger.on_thing"
        assert message.headers["x-portal-attempts"] == 3
        assert message.headers["x-original-routing-key"] == event["type"]
        assert message.content_type == "application/cloudevents+json"
        assert '"always_fail":true' in str(message.body)
        assert db("select count(*) from entries") == [(0,)]
        assert db("select count(*) from inbox") == [(0,)]

    def test_a_handler_that_fails_once_is_applied_after_its_retry(self, ledger, broker, db):
        event = thing(fail_times=1, note="second time lucky")
        broker.publish(event)
        wait_for(lambda: db("select 1 from entries where event_id = :e", e=event["id"]))
        assert db("select note from entries") == [("second time lucky",)]
        assert db("select count(*) from inbox where event_id = :e", e=event["id"]) == [(1,)]

    def test_a_handler_that_fails_twice_then_succeeds_is_applied_once(self, ledger, broker, db):
        event = thing(fail_times=2, note="third time lucky")
        broker.publish(event)
        wait_for(lambda: db("select 1 from entries where event_id = :e", e=event["id"]))
        assert db("select note from entries") == [("third time lucky",)]
        assert broker.drain("ledger.dead-letter") == []

    @pytest.mark.parametrize("body, content_type", [
        (b"{not json", "application/json"),
        (b'{"hello": "no cloudevent"}', "application/json"),
        (b"\x00\x01binary", "application/octet-stream")])
    def test_a_message_that_is_no_cloudevent_goes_to_dead_letters_and_the_consumer_lives_on(
            self, ledger, broker, db, body, content_type):
        broker.publish(body, content_type=content_type)
        dead = wait_for(lambda: broker.drain("ledger.dead-letter"))
        received = dead[0].body
        assert (received if isinstance(received, bytes) else received.encode()) == body
        assert dead[0].headers["x-error"]
        event = thing(note="still alive")
        broker.publish(event)
        wait_for(lambda: db("select 1 from entries where event_id = :e", e=event["id"]))


class TestMetrics:
    def test_metrics_count_requests_outbox_handler_failures_and_dead_letters(
            self, ledger, ledger_config, broker):
        import requests

        from portal_kit.testing import base_url
        url = base_url(ledger_config)
        requests.post(f"{url}/api/ledger/v1/notes", json={"note": "m"}, timeout=10)
        broker.publish(thing(always_fail=True))
        wait_for(lambda: broker.drain("ledger.dead-letter"))
        metrics = requests.get(f"{url}/metrics", timeout=10).text
        for series in ('portal_http_requests_total{method="POST",route="/api/ledger/v1/notes",'
                       'service="ledger",status="201"}',
                       'portal_outbox_pending{service="ledger"}',
                       'portal_outbox_oldest_age_seconds{service="ledger"}',
                       'portal_event_handler_failures_total{handler="on_thing",service="ledger"}',
                       'portal_dead_letters_total{handler="on_thing",service="ledger"}',
                       'portal_http_request_duration_seconds_bucket'):
            assert series in metrics, series
