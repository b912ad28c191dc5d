from portal_kit.outbox import Batch
from portal_kit.relay_loop import RelayLoop


class FlakyRelay:
    batch_size = 2

    def __init__(self, results):
        self.results = list(results)

    def publish_pending(self):
        result = self.results.pop(0)
        if isinstance(result, Exception):
            raise result
        return Batch(result, result)


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


class FakeTime:
    """A clock, a sleep and the commits' kicks, with commits scheduled at given times."""

    def __init__(self, commits_at=()):
        self.now = 0.0
        self.commits_at = sorted(commits_at)
        self.kicked = False

    def sleep(self, seconds):
        self._advance_to(self.now + seconds)

    def wait(self, timeout=None):
        if not self.kicked and self.commits_at and self.commits_at[0] <= self.now + timeout:
            self._advance_to(max(self.now, self.commits_at[0]))
        elif not self.kicked:
            self._advance_to(self.now + timeout)
        return self.kicked

    def clear(self):
        self.kicked = False

    def _advance_to(self, moment):
        self.now = moment
        while self.commits_at and self.commits_at[0] <= moment:
            self.commits_at.pop(0)
            self.kicked = True


class TimedRelay:
    """Fails its first ``failures`` attempts (or all, when None) and notes when each was."""

    batch_size = 100

    def __init__(self, clock, failures=None):
        self.clock = clock
        self.failures = failures
        self.attempts = []

    def publish_pending(self):
        self.attempts.append(self.clock.now)
        if self.failures is None or len(self.attempts) <= self.failures:
            raise ConnectionError("broker down")
        return Batch(0, 0)


def run_until(loop, relay, attempts):
    loop.run(lambda: len(relay.attempts) < attempts)


class TestBackOffAndCommits:
    def test_a_commit_during_back_off_makes_the_relay_try_again_at_once(self):
        clock = FakeTime(commits_at=[7.0])
        relay = TimedRelay(clock, failures=3)
        loop = RelayLoop(relay, sweep_interval=2.0, kicks=clock, sleep=clock.sleep)
        run_until(loop, relay, 4)
        assert relay.attempts == [0.0, 2.0, 6.0, 7.0]  # not 14.0, when the back-off ends

    def test_commits_never_make_a_failing_relay_try_more_often_than_the_minimum_interval(self):
        clock = FakeTime(commits_at=[n / 10 for n in range(50)])
        relay = TimedRelay(clock)
        loop = RelayLoop(relay, sweep_interval=2.0, min_retry_interval=0.5, kicks=clock,
                         sleep=clock.sleep)
        run_until(loop, relay, 6)
        assert relay.attempts == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5]

    def test_without_commits_a_failing_relay_waits_out_its_back_off(self):
        clock = FakeTime()
        relay = TimedRelay(clock)
        loop = RelayLoop(relay, sweep_interval=1.0, max_backoff=4.0, kicks=clock,
                         sleep=clock.sleep)
        run_until(loop, relay, 5)
        assert relay.attempts == [0.0, 1.0, 3.0, 7.0, 11.0]

    def test_a_healthy_relay_runs_at_each_commit_and_each_sweep(self):
        clock = FakeTime(commits_at=[0.3, 0.4, 5.0])
        relay = TimedRelay(clock, failures=0)
        loop = RelayLoop(relay, sweep_interval=2.0, kicks=clock, sleep=clock.sleep)
        run_until(loop, relay, 5)
        assert relay.attempts == [0.0, 0.3, 0.4, 2.4, 4.4]


class TestHousekeeping:
    def test_it_runs_at_the_start_and_then_once_per_interval(self):
        clock = FakeTime()
        relay = TimedRelay(clock, failures=0)
        runs = []
        loop = RelayLoop(relay, sweep_interval=2.0, kicks=clock, sleep=clock.sleep,
                         housekeeping=lambda: runs.append(clock.now),
                         housekeeping_interval=5.0, monotonic=lambda: clock.now)
        run_until(loop, relay, 7)
        assert relay.attempts == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0]
        assert runs == [0.0, 6.0, 12.0]

    def test_a_failing_housekeeping_does_not_stop_the_relay(self, caplog):
        clock = FakeTime()
        relay = TimedRelay(clock, failures=0)

        def database_down():
            raise ConnectionError("database down")

        loop = RelayLoop(relay, sweep_interval=2.0, kicks=clock, sleep=clock.sleep,
                         housekeeping=database_down, housekeeping_interval=0.0,
                         monotonic=lambda: clock.now)
        run_until(loop, relay, 3)
        assert relay.attempts == [0.0, 2.0, 4.0]
        assert "outbox housekeeping failed: database down" in caplog.text
