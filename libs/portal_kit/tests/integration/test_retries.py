"""How failing events are retried: which errors wait for the infrastructure, and for how long."""
import pytest

from kit_ledger import LedgerService, thing
from portal_kit.testing import wait_for


@pytest.fixture
def capped_ledger(container_factory, ledger_config):
    """The ledger giving up on transient failures after three retries."""
    container = container_factory(LedgerService, dict(ledger_config,
                                                      EVENT_TRANSIENT_MAX_RETRIES=3))
    container.start()
    return container


class TestTransientFailures:
    def test_a_non_transient_database_error_reaches_dead_letters_after_its_retries(
            self, ledger, broker, db):
        event = thing(statement_timeout=True)
        broker.publish(event)
        [message] = wait_for(lambda: broker.drain("ledger.dead-letter"), timeout=30)
        assert message.headers["x-error-type"] == "OperationalError"
        assert "statement timeout" in message.headers["x-error"]
        assert message.headers["x-portal-attempts"] == 3
        assert db("select count(*) from inbox") == [(0,)]

    def test_a_transient_failure_that_never_ends_reaches_dead_letters_after_the_cap(
            self, capped_ledger, broker, db):
        event = thing(unavailable=True)
        broker.publish(event)
        [message] = wait_for(lambda: broker.drain("ledger.dead-letter"), timeout=30)
        assert message.headers["x-error-type"] == "Unavailable"
        assert message.headers["x-error"] == "portal_kit.errors.Unavailable: the database is away"
        assert message.headers["x-portal-transient-attempts"] == 4  # the first try and 3 retries
        assert message.headers["x-portal-attempts"] == 0


class TestAttemptHeaders:
    @pytest.mark.parametrize("value", ["three", "2.5", -4, [1]])
    def test_a_message_with_an_unreadable_attempt_count_is_retried_from_zero(
            self, ledger, broker, value):
        broker.publish(thing(always_fail=True),
                       headers={"x-portal-attempts": value, "x-portal-transient-attempts": value})
        [message] = wait_for(lambda: broker.drain("ledger.dead-letter"), timeout=30)
        assert message.headers["x-portal-attempts"] == 3
