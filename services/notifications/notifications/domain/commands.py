from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SendDue:
    """Send the queued deliveries whose (next) attempt is due, at most ``limit`` of them."""

    limit: int = 20


@dataclass(frozen=True)
class Unsubscribe:
    """One-click unsubscribe (RFC 8058): stop the kind of message a signed link was sent with."""

    token: str


@dataclass(frozen=True)
class RetryDelivery:
    """Queue a dead-lettered delivery again (an administrator of its organisation or the
    operator asks, once the cause is fixed)."""

    delivery_id: str
    principal: Any
