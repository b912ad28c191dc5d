"""A sliding-window rate limit per key, in this process (real time, never the shifted
clock). In production the Ingress enforces the same limits across replicas."""
from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from identity.domain.exceptions import RateLimited


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: float


class RateLimiter:
    """One limit for every key, or per key prefix (``person:``, ``client:``) when given."""

    def __init__(self, limit: Limit, name: str,
                 monotonic: Callable[[], float] = time.monotonic,
                 by_prefix: dict[str, Limit] | None = None) -> None:
        self.default, self.name, self.monotonic = limit, name, monotonic
        self.by_prefix = by_prefix or {}
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Count one request for ``key``; ``RateLimited`` (429) when over the limit."""
        now, limit = self.monotonic(), self.limit_for(key)
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - limit.seconds:
                hits.popleft()
            if len(hits) >= limit.count:
                wait = hits[0] + limit.seconds - now
                raise RateLimited(f"Too many {self.name} requests; try again later.",
                                  retry_after=math.ceil(wait))
            hits.append(now)
            if len(self._hits) > 10_000:
                self._forget_idle(now)

    def limit_for(self, key: str) -> Limit:
        prefix = key.partition(":")[0] + ":"
        return self.by_prefix.get(prefix, self.default)

    def _forget_idle(self, now: float) -> None:
        longest = max([self.default.seconds, *(limit.seconds for limit in self.by_prefix.values())])
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - longest]:
            del self._hits[key]
