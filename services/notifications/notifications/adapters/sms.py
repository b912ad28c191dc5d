"""Sends text messages through an HTTP SMS gateway (requests), with bounded timeouts.

``POST <SMS_GATEWAY_URL>`` with JSON ``{"to", "from", "text", "reference"}``, an
``Idempotency-Key`` header (the delivery id, so a gateway that honours it sends a
resent message once) and, if configured, ``Authorization: Bearer <SMS_GATEWAY_TOKEN>``.
Any 2xx is accepted. A 5xx, 408 or 429, a refused connection or a gateway that hangs
past the timeout is ``NotDelivered`` (tried again later); any other 4xx is
``DeliveryRefused`` (a bad number, a refused message: never tried again). Commercial
gateways differ in their JSON; a small adapter of this shape is all a new one needs.
"""
from __future__ import annotations

from dataclasses import dataclass

import requests

from notifications.domain.exceptions import DeliveryRefused, NotDelivered
from notifications.domain.model import Outgoing

TEMPORARY = {408, 429}


@dataclass(frozen=True)
class SmsSettings:
    url: str = "http://127.0.0.1:8008/messages"
    token: str | None = None
    sender: str = "Portal"
    connect_timeout: float = 3.0
    read_timeout: float = 10.0


class HttpSmsGateway:
    """The SMS sender: ``send(outgoing)``, nothing more."""

    def __init__(self, settings: SmsSettings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self.session = session or requests.Session()

    def send(self, message: Outgoing) -> None:
        headers = {"Idempotency-Key": message.delivery_id}
        if self.settings.token:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        body = {"to": message.address, "from": self.settings.sender, "text": message.text,
                "reference": message.delivery_id}
        try:
            response = self.session.post(
                self.settings.url, json=body, headers=headers,
                timeout=(self.settings.connect_timeout, self.settings.read_timeout))
        except requests.Timeout as exc:
            raise NotDelivered(f"the SMS gateway did not answer in time: {exc}") from exc
        except requests.RequestException as exc:
            raise NotDelivered(f"the SMS gateway is unreachable: {type(exc).__name__}: "
                               f"{exc}") from exc
        self._check(response)

    @staticmethod
    def _check(response: requests.Response) -> None:
        if response.ok:
            return
        detail = f"SMS gateway answered {response.status_code}: {response.text[:300]}"
        if response.status_code >= 500 or response.status_code in TEMPORARY:
            raise NotDelivered(detail)
        raise DeliveryRefused(detail)
