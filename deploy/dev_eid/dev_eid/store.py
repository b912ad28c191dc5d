"""Short-lived protocol state kept in memory: codes, pushed requests, tokens, assertion ids.

Everything here expires in minutes and is tied to real time (never the portal's shifted
clock); a restart of the provider simply ends the logins in flight.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

Clock = Callable[[], float]


class ExpiringStore:
    """A thread-safe map whose entries vanish at their deadline; ``take`` reads and removes."""

    def __init__(self, clock: Clock = time.time) -> None:
        self.clock = clock
        self._entries: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def put(self, key: str, value: Any, seconds: float) -> None:
        with self._lock:
            self._sweep()
            self._entries[key] = (self.clock() + seconds, value)

    def get(self, key: str) -> Any | None:
        with self._lock:
            return self._live(key, remove=False)

    def take(self, key: str) -> Any | None:
        """The value, removed at once, so that no second caller gets it."""
        with self._lock:
            return self._live(key, remove=True)

    def add_once(self, key: str, until: float) -> bool:
        """Remember ``key`` until the epoch second ``until``; False if it is already known."""
        with self._lock:
            self._sweep()
            if key in self._entries:
                return False
            self._entries[key] = (until, True)
            return True

    def _live(self, key: str, remove: bool) -> Any | None:
        entry = self._entries.pop(key, None) if remove else self._entries.get(key)
        if entry is None or entry[0] <= self.clock():
            return None
        return entry[1]

    def _sweep(self) -> None:
        now = self.clock()
        for key in [k for k, (deadline, _) in self._entries.items() if deadline <= now]:
            del self._entries[key]
