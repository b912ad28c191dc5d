from portal_kit.outbox import RelayLoop


class FlakyRelay:
    batch_size = 2

    def __init__(self, results):
        self.results = list(results)

    def publish_pending(self):
        result = self.results.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


def test_the_loop_drains_full_batches_until_a_partial_one():
    relay = FlakyRelay([2, 2, 1])
    published = []
    loop = RelayLoop(relay, sweep_interval=1.0, on_published=published.append)
    assert loop.run_once() == 1.0
    assert published == [2, 2, 1] and relay.results == []


def test_the_loop_backs_off_exponentially_while_the_broker_is_down_and_recovers():
    relay = FlakyRelay([ConnectionError()] * 7 + [0])
    errors = []
    loop = RelayLoop(relay, sweep_interval=1.0, max_backoff=30.0, on_error=errors.append)
    delays = [loop.run_once() for _ in range(7)]
    assert delays == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert len(errors) == 7
    assert loop.run_once() == 1.0 and loop.failures == 0
