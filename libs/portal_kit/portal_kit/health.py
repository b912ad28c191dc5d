"""What a pod reports about its broker, without letting the broker decide its readiness.

A pod answers HTTP as long as its database answers: writes keep working through
the outbox while the broker is away. So readiness checks the database only, and
the broker's reachability is the gauge ``portal_broker_up`` (for an alert).
``BrokerWatch`` keeps the last answer and, when it is older than ``max_age``,
checks again in the background (one check at a time): scraping metrics or
probing readiness never waits for the broker.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class BrokerWatch:
    def __init__(self, probe: Callable[[], bool], on_result: Callable[[bool], None],
                 spawn: Callable[[Callable[[], None]], Any], max_age: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.probe = probe
        self.on_result = on_result
        self.spawn = spawn
        self.max_age = max_age
        self.monotonic = monotonic
        self.up: bool | None = None
        self._checked_at = float("-inf")
        self._checking = False

    def refresh(self) -> None:
        """Start a background check unless one runs or the last answer is fresh."""
        if self._checking or self.monotonic() - self._checked_at < self.max_age:
            return
        self._checking = True
        try:
            self.spawn(self._check)
        except Exception:
            self._checking = False
            raise

    def _check(self) -> None:
        try:
            up = bool(self.probe())
        except Exception as exc:  # a probe that fails means: not reachable
            log.debug("broker probe failed: %s", exc)
            up = False
        finally:
            self._checking = False
            self._checked_at = self.monotonic()
        if up != self.up and self.up is not None:
            log.warning("broker %s", "reachable again" if up else "unreachable")
        self.up = up
        self.on_result(up)

    def state(self) -> str:
        return {True: "up", False: "down", None: "unknown"}[self.up]


class Shutdown:
    """Whether the process was asked to stop (SIGTERM): from then on readiness answers 503,
    so load balancers take the pod out while it still serves what reaches it."""

    requested = False

    @classmethod
    def begin(cls) -> None:
        cls.requested = True
