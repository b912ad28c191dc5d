"""Builds a service's application once: engine, unit of work, bus and relay.

Every service's ``bootstrap.py`` calls ``wire`` with its own pieces, so the
wiring of the shared mechanisms exists exactly once.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import MetaData, Table
from sqlalchemy.engine import Engine

from portal_kit import events as ce
from portal_kit.amqp import ConfirmingPublisher
from portal_kit.audit_log import AuditWriter
from portal_kit.broker_tls import broker_ssl
from portal_kit.bus import MessageBus
from portal_kit.clock import Clock, SystemClock, clock_from_config
from portal_kit.db import make_engine, make_session_factory
from portal_kit.inbox import Inbox
from portal_kit.outbox import OutboxRelay, OutboxWriter, park_after_setting
from portal_kit.retention import Pruner, retention_settings
from portal_kit.uow import EventTranslator, UnitOfWork


@dataclass
class App:
    name: str
    bus: MessageBus
    engine: Engine
    relay: OutboxRelay
    amqp_uri: str
    config: Mapping[str, Any]
    jwks: Callable[[], dict[str, Any]] | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    clock: Clock = field(default_factory=SystemClock)  # the time domain rules see
    pruner: Pruner | None = None
    amqp_ssl: dict[str, Any] | None = None  # kombu's ``ssl`` (broker_tls)


@dataclass(frozen=True)
class ServiceParts:
    """What a service brings: its tables, unit of work, event specs and handlers."""

    name: str
    metadata: MetaData
    outbox_table: Table
    inbox_table: Table
    uow_class: type[UnitOfWork]
    event_specs: dict[type, ce.EventSpec]
    command_handlers: dict[type, Callable[..., Any]]
    event_handlers: dict[str, list[Callable[..., Any]]]
    audit_table: Table | None = None


def wire(parts: ServiceParts, config: Mapping[str, Any], *,
         dependencies: dict[str, Any] | None = None, clock: Clock | None = None,
         on_commit: Callable[[], None] = lambda: None, engine: Engine | None = None) -> App:
    """Wire a service; ``clock`` (default: from the config) is the time domain rules see.

    The outbox, inbox and relay keep real time whatever the domain clock says,
    so a shifted development clock never ages or prunes their rows.
    """
    clock = clock or clock_from_config(config)
    real = SystemClock()
    engine = engine or make_engine(config["DATABASE_URL"])
    sessions = make_session_factory(engine)
    base = str(config.get("PUBLIC_BASE_URL", "http://localhost:8000")).rstrip("/")
    translate = EventTranslator(f"/portal/{parts.name}", parts.event_specs, clock,
                                f"{base}/api/{parts.name}/schemas")
    outbox = OutboxWriter(parts.outbox_table, f"{parts.name}.events", real)
    audit = AuditWriter(parts.audit_table, clock) if parts.audit_table is not None else None

    def uow_factory() -> UnitOfWork:
        return parts.uow_class(sessions, outbox, Inbox(parts.inbox_table, real),
                               translate, clock, on_commit, audit=audit)

    bus = MessageBus(uow_factory, parts.command_handlers, parts.event_handlers,
                     dict(dependencies or {}, clock=clock))
    amqp_ssl = broker_ssl(config)
    publisher = ConfirmingPublisher(config["AMQP_URI"], parts.name, ssl=amqp_ssl)
    relay = OutboxRelay(sessions, parts.outbox_table, publisher, real,
                        park_after=park_after_setting(config))
    # Retention runs on real time, whatever clock the domain is given.
    pruner = Pruner(sessions, parts.outbox_table, parts.inbox_table, real,
                    **retention_settings(config))
    return App(parts.name, bus, engine, relay, config["AMQP_URI"], config, clock=clock,
               pruner=pruner, amqp_ssl=amqp_ssl)
