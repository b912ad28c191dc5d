"""python -m portal_kit.dead_letters: an operator reads a service's dead letters and replays them."""
from kit_ledger import thing
from portal_kit.dead_letters import list_dead_letters, replay
from portal_kit.testing import wait_for


class TestReplayingDeadLetters:
    def test_a_listed_dead_letter_stays_and_once_replayed_its_handler_applies_it(
            self, ledger, broker, db, vhost):
        event = thing(fail_times=3, note="replayed")  # the first try and both retries
        broker.publish(event)
        [listed] = wait_for(lambda: list_dead_letters(vhost.amqp_uri, "ledger", 10))
        assert (listed["id"], listed["handler"], listed["attempts"]) == (
            event["id"], "ledger.on_thing", 3)
        assert listed["error"] == "RuntimeError: failure 3"
        assert len(list_dead_letters(vhost.amqp_uri, "ledger", 10)) == 1  # still there

        [replayed] = replay(vhost.amqp_uri, "ledger", 10)

        assert replayed["replayed_to"] == f"evt-source-{event['type']}--ledger.on_thing"
        wait_for(lambda: db("select note from entries where event_id = :e", e=event["id"]))
        assert list_dead_letters(vhost.amqp_uri, "ledger", 10) == []

    def test_only_the_named_handlers_dead_letters_are_replayed(self, ledger, broker, vhost):
        broker.publish(thing(always_fail=True))
        wait_for(lambda: list_dead_letters(vhost.amqp_uri, "ledger", 10))
        assert replay(vhost.amqp_uri, "ledger", 10, handler="ledger.someone_else") == []
        assert len(list_dead_letters(vhost.amqp_uri, "ledger", 10)) == 1
