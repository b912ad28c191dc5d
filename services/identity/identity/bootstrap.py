"""The one place that wires identity: tables, handlers, keys, clients."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from identity import config as settings
from identity.adapters import orm
from identity.adapters.tokens import TokenIssuer
from identity.schemas.events import EVENT_SPECS
from identity.service_layer.handlers import COMMAND_HANDLERS
from identity.service_layer.unit_of_work import IdentityUnitOfWork
from portal_kit.clock import Clock, SystemClock
from portal_kit.wiring import App, ServiceParts, wire

PARTS = ServiceParts(
    name="identity", metadata=orm.metadata, outbox_table=orm.outbox, inbox_table=orm.inbox,
    uow_class=IdentityUnitOfWork, event_specs=EVENT_SPECS,
    command_handlers=COMMAND_HANDLERS, event_handlers={})


def bootstrap(config: Mapping[str, Any], on_commit: Callable[[], None] = lambda: None,
              clock: Clock | None = None) -> App:
    orm.start_mappers()
    # Tokens keep real time: a shifted development clock (the domain's) must
    # never issue tokens that other services see as expired or not yet valid.
    tokens = TokenIssuer(settings.signing_key(config), settings.issuer(config),
                         str(config.get("TOKEN_AUDIENCE") or "portal"), SystemClock())
    operator = settings.operator_client(config)
    app = wire(PARTS, config, clock=clock, on_commit=on_commit,
               dependencies={"tokens": tokens, "clients": {operator.client_id: operator}})
    app.jwks = tokens.jwks
    app.extras["tokens"] = tokens
    return app
