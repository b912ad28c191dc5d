"""One-click unsubscribe links (RFC 8058): a delivery's id, signed, in the link's path.

The link names no person and no address; whoever holds it may stop that kind of
message to that recipient, and nothing else. It needs no login, as RFC 8058 requires.
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from notifications.domain.exceptions import InvalidUnsubscribeLink

PURPOSE = b"portal.notifications.unsubscribe:"


class UnsubscribeLinks:
    def __init__(self, secret: bytes, base_url: str) -> None:
        if len(secret) < 16:
            raise ValueError("the unsubscribe secret must be at least 16 bytes")
        self.secret = secret
        self.base_url = base_url.rstrip("/")

    @property
    def portal_url(self) -> str:
        """Where people log in (the portal's front page)."""
        return f"{self.base_url}/"

    def url(self, delivery_id: str) -> str:
        """The one-click endpoint (``List-Unsubscribe``; a mail client POSTs to it)."""
        return f"{self.base_url}/api/notifications/v1/unsubscribe/{self.token(delivery_id)}"

    def page_url(self, delivery_id: str) -> str:
        """The portal's page behind the link in the mail's text (asks, then confirms)."""
        return f"{self.base_url}/notifications/unsubscribe/{self.token(delivery_id)}"

    def token(self, delivery_id: str) -> str:
        return f"{delivery_id}.{self._signature(delivery_id)}"

    def delivery_id(self, token: str) -> str:
        """The delivery a token was made for; ``InvalidUnsubscribeLink`` if forged or mangled."""
        delivery_id, _, signature = token.rpartition(".")
        if not delivery_id or not token.isascii() or not hmac.compare_digest(
                signature, self._signature(delivery_id)):  # ids and signatures are ASCII
            raise InvalidUnsubscribeLink("This unsubscribe link is not valid.")
        return delivery_id

    def _signature(self, delivery_id: str) -> str:
        digest = hmac.new(self.secret, PURPOSE + delivery_id.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")
