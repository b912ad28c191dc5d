"""Notifications' entrypoints: identity's agreement events in, e-mail out, the log on HTTP."""
from __future__ import annotations

from typing import Any

from nameko.timer import Timer
from werkzeug.wrappers import Request

from notifications import config as settings
from notifications.bootstrap import bootstrap
from notifications.domain import commands
from notifications.schemas import http as schemas
from notifications.schemas.events import EVENT_SPECS
from notifications.service_layer import views
from portal_contracts.identity import DPA_SIGNED_V2, DPA_TERMINATED_V2
from portal_kit.http import api, load_query
from portal_kit.messaging import event_handler
from portal_kit.platform import platform_endpoints
from portal_kit.runtime import Runtime

V1 = "/api/notifications/v1"
DELIVERIES = schemas.DeliveryOut(many=True)


class SweepTimer(Timer):
    """A nameko timer whose interval is read from the config (``MAIL_SWEEP_SECONDS``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(interval=5.0, **kwargs)

    def setup(self) -> None:
        self.interval = settings.sweep_seconds(self.container.config)


class NotificationsService(platform_endpoints("notifications", EVENT_SPECS)):  # type: ignore[misc]
    name = "notifications"
    runtime = Runtime(bootstrap)

    @event_handler("identity", DPA_SIGNED_V2)
    def on_dpa_signed(self, event: dict[str, Any]) -> None:
        """Queue the confirmation to the organisation's contact, then send it."""
        self.runtime.handle_event(event)
        self.runtime.handle(commands.SendDueMail())

    @event_handler("identity", DPA_TERMINATED_V2)
    def on_dpa_terminated(self, event: dict[str, Any]) -> None:
        """Queue the notice of termination to the organisation's contact, then send it."""
        self.runtime.handle_event(event)
        self.runtime.handle(commands.SendDueMail())

    @SweepTimer.decorator()
    def send_due_mail(self) -> None:
        """Retry what failed before (back-off) and what a crashed worker left behind."""
        self.runtime.handle(commands.SendDueMail())

    @api("GET", f"{V1}/deliveries", summary="The delivery log, newest first (at most 100)",
         auth="operator", query=schemas.DeliveriesQuery(), response=DELIVERIES,
         tags=("deliveries",))
    def deliveries(self, request: Request) -> list:
        self.runtime.authenticate(request, role="operator")
        query = load_query(request, schemas.DeliveriesQuery())
        return DELIVERIES.dump(self.runtime.query(views.deliveries, **query))
