from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SendDueMail:
    """Send the queued deliveries whose (next) attempt is due, at most ``limit`` of them."""

    limit: int = 20
