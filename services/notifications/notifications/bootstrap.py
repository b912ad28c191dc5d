"""The one place that wires notifications: tables, handlers, templates, senders, policy."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from notifications import config as settings
from notifications.adapters import orm
from notifications.adapters.mailer import SmtpMailer
from notifications.adapters.sms import HttpSmsGateway
from notifications.adapters.templates import TemplateRenderer
from notifications.domain.messages import EMAIL, SMS
from notifications.schemas.events import EVENT_SPECS
from notifications.service_layer.handlers import COMMAND_HANDLERS, EVENT_HANDLERS
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from portal_kit.clock import Clock
from portal_kit.wiring import App, ServiceParts, wire

PARTS = ServiceParts(
    name="notifications", metadata=orm.metadata, outbox_table=orm.outbox,
    inbox_table=orm.inbox, uow_class=NotificationsUnitOfWork, event_specs=EVENT_SPECS,
    command_handlers=COMMAND_HANDLERS, event_handlers=EVENT_HANDLERS)


def bootstrap(config: Mapping[str, Any], on_commit: Callable[[], None] = lambda: None,
              clock: Clock | None = None, senders: Mapping[str, Any] | None = None) -> App:
    orm.start_mappers()
    links = settings.unsubscribe_links(config)
    senders = dict(senders or {})
    senders.setdefault(EMAIL, SmtpMailer(settings.smtp_settings(config), links.url))
    senders.setdefault(SMS, HttpSmsGateway(settings.sms_settings(config)))
    renderer = TemplateRenderer()
    app = wire(PARTS, config, clock=clock, on_commit=on_commit, dependencies={
        "senders": senders, "policy": settings.retry_policy(config),
        "renderer": renderer, "links": links, "digest_hour": settings.digest_hour(config)})
    app.extras.update(links=links, renderer=renderer)
    return app
