import logging

import pytest

from portal_kit.inbox import idempotent


class FakeUnitOfWork:
    """Records inbox entries in a set; counts commits; no database."""

    def __init__(self):
        self.recorded = set()
        self.commits = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        pass

    def record_inbox(self, event, consumer):
        if (event["id"], consumer) in self.recorded:
            return False
        self.recorded.add((event["id"], consumer))
        return True

    def commit(self):
        self.commits += 1


def counting_handler(consumer):
    applied = []

    @idempotent(consumer)
    def record_thing(event, uow, **dependencies):
        applied.append((event["id"], dependencies))

    return record_thing, applied


EVENT = {"id": "e-1", "type": "portal.test.thing.happened.v1"}


class TestIdempotent:
    def test_an_event_is_applied_and_committed_once(self):
        handler, applied = counting_handler("test.record_thing")
        uow = FakeUnitOfWork()
        assert handler(EVENT, uow, clock="a clock") is True
        assert applied == [("e-1", {"clock": "a clock"})]
        assert uow.commits == 1

    def test_a_duplicate_is_skipped_without_a_commit(self, caplog):
        caplog.set_level(logging.INFO, logger="portal_kit.inbox")
        handler, applied = counting_handler("test.record_thing")
        uow = FakeUnitOfWork()
        handler(EVENT, uow)
        assert handler(EVENT, uow) is False
        assert len(applied) == 1 and uow.commits == 1
        assert "skipped duplicate event e-1 for test.record_thing" in caplog.text

    def test_the_event_is_recorded_under_the_given_consumer_name(self):
        handler, _ = counting_handler("test.record_thing")
        uow = FakeUnitOfWork()
        handler(EVENT, uow)
        assert uow.recorded == {("e-1", "test.record_thing")}

    def test_two_consumers_each_apply_the_same_event(self):
        first, first_applied = counting_handler("test.first")
        second, second_applied = counting_handler("test.second")
        uow = FakeUnitOfWork()
        assert first(EVENT, uow) and second(EVENT, uow)
        assert len(first_applied) == len(second_applied) == 1

    def test_the_wrapped_handler_keeps_its_name(self):
        handler, _ = counting_handler("test.record_thing")
        assert handler.__name__ == "record_thing"

    @pytest.mark.parametrize("consumer", ["", None])
    def test_a_missing_consumer_name_is_refused(self, consumer):
        with pytest.raises(TypeError, match="stable name"):
            idempotent(consumer)

    def test_using_it_without_a_name_is_refused(self):
        def record_thing(event, uow):
            pass

        with pytest.raises(TypeError, match="stable name"):
            idempotent(record_thing)
