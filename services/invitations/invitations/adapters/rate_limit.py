"""A sliding-window rate limit per key, in this process (real time, never the shifted
clock). In production the Ingress enforces the same limit across replicas."""
from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from invitations.domain.exceptions import LookupsLimited


class RateLimiter:
    def __init__(self, count: int, seconds: float,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.count, self.seconds, self.monotonic = count, seconds, monotonic
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @classmethod
    def parse(cls, text: str) -> RateLimiter:
        """``"20/60"``: 20 requests per 60 seconds."""
        count, _, seconds = text.partition("/")
        return cls(int(count), float(seconds or 60))

    def check(self, key: str) -> None:
        """Count one request for ``key``; ``LookupsLimited`` (429) when over the limit."""
        now = self.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.seconds:
                hits.popleft()
            if len(hits) >= self.count:
                raise LookupsLimited("Too many invitation links looked up; try again later.",
                                     retry_after=math.ceil(hits[0] + self.seconds - now))
            hits.append(now)
            if len(self._hits) > 10_000:
                self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.seconds]:
            del self._hits[key]
