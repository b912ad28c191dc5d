"""The one place that wires invitations: tables, handlers, ticket keys, limits, settings."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from invitations import config as settings
from invitations.adapters import orm
from invitations.adapters.rate_limit import RateLimiter
from invitations.adapters.tickets import TicketSigner, signing_key
from invitations.schemas.events import EVENT_SPECS
from invitations.service_layer.handlers import COMMAND_HANDLERS, EVENT_HANDLERS
from invitations.service_layer.unit_of_work import InvitationsUnitOfWork
from portal_kit.audit_log import AuditLog
from portal_kit.clock import Clock, clock_from_config
from portal_kit.db import make_engine
from portal_kit.wiring import App, ServiceParts, wire

PARTS = ServiceParts(
    name="invitations", metadata=orm.metadata, outbox_table=orm.outbox,
    inbox_table=orm.inbox, uow_class=InvitationsUnitOfWork, event_specs=EVENT_SPECS,
    command_handlers=COMMAND_HANDLERS, event_handlers=EVENT_HANDLERS, audit_table=orm.audit)


def bootstrap(config: Mapping[str, Any], on_commit: Callable[[], None] = lambda: None,
              clock: Clock | None = None) -> App:
    orm.start_mappers()
    clock = clock or clock_from_config(config)  # a shifted clock is refused first, outside dev
    engine = make_engine(config["DATABASE_URL"])
    tickets = TicketSigner(signing_key(config), engine, settings.issuer(config),
                           settings.identity_issuer(config))
    dependencies = {
        "settings": settings.settings(config), "tickets": tickets,
        "link_lookups": RateLimiter.parse(settings.setting(
            config, "INVITATION_LINK_RATE_LIMIT", "20/60"))}
    app = wire(PARTS, config, clock=clock, on_commit=on_commit, engine=engine,
               dependencies=dependencies)
    app.extras.update(tickets=tickets, audit_log=AuditLog(orm.audit).entries, clock=app.clock)
    return app
