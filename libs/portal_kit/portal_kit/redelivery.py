"""Where a failed message goes next and what it carries along.

A retry copy waits in ``<queue>.retry.<ms>`` (its TTL dead-letters it back to
the handler's queue); a message that gives up goes to ``<service>.dead-letter``.
Both carry the attempt counts in headers, and where the message was first
published. ``Pauses`` spaces out the tries when even that forwarding fails.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kombu import Queue

ATTEMPTS_HEADER = "x-portal-attempts"
TRANSIENT_ATTEMPTS_HEADER = "x-portal-transient-attempts"


def dead_letter_queue(service_name: str) -> Queue:
    return Queue(f"{service_name}.dead-letter", durable=True, auto_delete=False)


def retry_queue(queue_name: str, delay: float) -> Queue:
    """A delay queue: its messages return to ``queue_name`` after ``delay`` seconds."""
    delay_ms = max(int(delay * 1000), 1)
    return Queue(f"{queue_name}.retry.{delay_ms}", durable=True, queue_arguments={
        "x-dead-letter-exchange": "", "x-dead-letter-routing-key": queue_name,
        "x-message-ttl": delay_ms})


def count_in(headers: Mapping[str, Any], name: str) -> int:
    """An attempt count from a header; anything but a whole number >= 0 counts as 0."""
    value = headers.get(name, 0)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return 0


def with_origin(message: Any) -> dict[str, Any]:
    """The message's headers plus where it was first published (kept across retries)."""
    headers = dict(message.headers or {})
    delivery = message.delivery_info or {}
    headers.setdefault("x-original-exchange", delivery.get("exchange", ""))
    headers.setdefault("x-original-routing-key", delivery.get("routing_key", ""))
    return headers


class Pauses:
    """Pauses after failures in a row: ``first``, doubling each time, at most ``longest``."""

    def __init__(self, first: float, longest: float) -> None:
        self.first = first
        self.longest = longest
        self.failures = 0

    def next(self) -> float:
        pause = min(self.first * 2 ** min(self.failures, 30), self.longest)
        self.failures += 1
        return pause

    def reset(self) -> None:
        self.failures = 0
