"""The identity service's signing keys as a verifier knows them: fetched, refreshed, bounded.

``KeySet.key(kid)`` answers from the keys it holds. It fetches the JWKS again
when a token names an unknown ``kid`` (at most every ``min_interval`` seconds,
so forged kids cannot flood identity) and when the keys are older than
``max_age`` (so a key identity dropped stops being trusted). After a failed
fetch it backs off (from ``first_backoff``, doubling up to ``max_backoff``) and
keeps the keys it had; one fetch runs at a time, and others wait for it at most
``max_wait`` seconds. A key that cannot be read is skipped (and logged), never
fatal for the others; a document without any usable key counts as a failure.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from jwt.algorithms import RSAAlgorithm

from portal_kit.errors import Unauthenticated, Unavailable

log = logging.getLogger(__name__)

ALGORITHM = "RS256"


class KeySet:
    def __init__(self, fetch: Callable[[], Any], *, min_interval: float = 5.0,
                 max_age: float = 300.0, first_backoff: float = 2.0,
                 max_backoff: float = 60.0, max_wait: float = 2.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.fetch = fetch
        self.min_interval = min_interval
        self.max_age = max_age
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.max_wait = max_wait
        self.monotonic = monotonic
        self.failures = 0
        self._keys: dict[str, Any] = {}
        self._fetched_at = float("-inf")
        self._attempted_at = float("-inf")
        self._in_flight: threading.Event | None = None
        self._lock = threading.Lock()

    def key(self, kid: str) -> Any:
        """The public key named ``kid``; 401 if identity does not have it, 503 if unknown yet."""
        if kid in self._keys:
            if self.monotonic() - self._fetched_at >= self.max_age:
                self._refresh(wait=False)
            settled = True
        else:
            settled = self._refresh(wait=True)
        if kid in self._keys:
            return self._keys[kid]
        if self.failures or not settled:
            raise Unavailable("The token cannot be checked right now; try again shortly.",
                              code="jwks_unavailable")
        raise Unauthenticated("The token's key is unknown.", code="invalid_token")

    def kids(self) -> set[str]:
        return set(self._keys)

    def _refresh(self, wait: bool) -> bool:
        """Fetch if due, or join a fetch under way; False if that fetch has not ended in time."""
        with self._lock:
            in_flight, leading = self._in_flight, False
            if in_flight is None and self._due():
                in_flight = self._in_flight = threading.Event()
                leading = True
        if leading:
            try:
                self._fetch()
            finally:
                self._in_flight = None
                in_flight.set()  # type: ignore[union-attr]
        elif in_flight is not None and wait:
            return in_flight.wait(self.max_wait)
        return True

    def _due(self) -> bool:
        interval = self.min_interval
        if self.failures:
            backoff = self.first_backoff * 2 ** (self.failures - 1)
            interval = max(interval, min(backoff, self.max_backoff))
        return self.monotonic() - self._attempted_at >= interval

    def _fetch(self) -> None:
        self._attempted_at = self.monotonic()
        try:
            keys = usable_keys(self.fetch())
        except Exception as exc:  # unreachable, not JSON, no usable key: keep what we had
            self.failures += 1
            log.warning("key set not fetched (%d failure(s) in a row): %s", self.failures, exc)
            return
        self._keys, self._fetched_at, self.failures = keys, self.monotonic(), 0


def usable_keys(document: Any) -> dict[str, Any]:
    """The RS256 signing keys of a JWKS document by kid; unreadable keys are skipped."""
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValueError("the key set has no list of keys")
    keys: dict[str, Any] = {}
    for entry in entries:
        kid, key = _read(entry)
        if key is not None:
            keys[kid] = key
    if not keys:
        raise ValueError("the key set has no usable RS256 signing key")
    return keys


def _read(entry: Any) -> tuple[str, Any]:
    kid = str(entry.get("kid", "")) if isinstance(entry, dict) else ""
    if not kid or entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig" or (
            entry.get("alg", ALGORITHM) != ALGORITHM):
        log.info("key %r skipped: not an RS256 signing key with a kid", kid or None)
        return kid, None
    try:
        return kid, RSAAlgorithm.from_jwk(json.dumps(entry))
    except Exception as exc:  # one broken key must not hide the others
        log.warning("key %r skipped: cannot be read (%s)", kid, type(exc).__name__)
        return kid, None
