"""The relay's loop: publish after each commit and each sweep, back off while down."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from portal_kit.outbox import OutboxRelay

log = logging.getLogger(__name__)


class Kicks(Protocol):
    """What the loop waits on: an Event that commits set (threading's, green in services)."""

    def wait(self, timeout: float | None = None) -> bool: ...

    def clear(self) -> None: ...


class RelayLoop:
    """Runs the relay after every kick and every ``sweep_interval`` seconds.

    While the broker or database is down it backs off (doubling up to
    ``max_backoff``), but a kick (a commit) ends the back-off: the relay tries
    again at once, never sooner than ``min_retry_interval`` after its last
    attempt, so a dead broker is not hammered. Every ``housekeeping_interval``
    seconds (and first thing) it runs ``housekeeping`` (pruning old rows).
    ``kicks``, ``sleep`` and ``monotonic`` are injected (an eventlet-patched
    Event and sleep in services), so the loop itself is plain Python and testable.
    """

    def __init__(self, relay: OutboxRelay, sweep_interval: float = 2.0,
                 max_backoff: float = 30.0,
                 on_error: Callable[[Exception], None] = lambda exc: None,
                 on_published: Callable[[int], None] = lambda count: None, *,
                 kicks: Kicks | None = None, min_retry_interval: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep,
                 housekeeping: Callable[[], object] = lambda: None,
                 housekeeping_interval: float = 60.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.relay = relay
        self.sweep_interval = sweep_interval
        self.max_backoff = max_backoff
        self.on_error = on_error
        self.on_published = on_published
        self.kicks = kicks if kicks is not None else threading.Event()
        self.min_retry_interval = min_retry_interval
        self.sleep = sleep
        self.housekeeping = housekeeping
        self.housekeeping_interval = housekeeping_interval
        self.monotonic = monotonic
        self.failures = 0
        self._housekept_at: float | None = None

    def run(self, running: Callable[[], bool]) -> None:
        """Relay, then pause, for as long as ``running()`` says."""
        while running():
            self.kicks.clear()
            delay = self.run_once()
            self.housekeep_when_due()
            self.pause(delay)

    def housekeep_when_due(self) -> None:
        now = self.monotonic()
        if self._housekept_at is not None and \
                now - self._housekept_at < self.housekeeping_interval:
            return
        self._housekept_at = now
        try:
            self.housekeeping()
        except Exception as exc:  # the database is down: the next round tries again
            log.warning("outbox housekeeping failed: %s", exc)

    def pause(self, delay: float) -> None:
        """Wait ``delay`` seconds or until kicked; while failing, at least the minimum."""
        if self.failures:
            least = min(self.min_retry_interval, delay)
            self.sleep(least)
            delay -= least
        self.kicks.wait(delay)

    def run_once(self) -> float:
        """Relay until nothing is left; returns how long to wait before the next run."""
        try:
            while True:
                batch = self.relay.publish_pending()
                self.on_published(batch.sent)
                if batch.taken < self.relay.batch_size:
                    break
        except Exception as exc:  # broker or database down: back off, never die
            self.failures += 1
            self.on_error(exc)
            log.warning("outbox relay failed (%s attempts): %s", self.failures, exc)
            return min(self.sweep_interval * 2 ** (self.failures - 1), self.max_backoff)
        self.failures = 0
        return self.sweep_interval
