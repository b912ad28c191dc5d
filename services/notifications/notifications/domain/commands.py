from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SendDue:
    """Send the queued deliveries whose (next) attempt is due, at most ``limit`` of them."""

    limit: int = 20


@dataclass(frozen=True)
class Unsubscribe:
    """One-click unsubscribe (RFC 8058): stop the kind of message a signed link was sent with."""

    token: str
