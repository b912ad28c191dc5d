"""The one place that wires identity: tables, handlers, keys, clients, brokers."""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from identity import config as settings
from identity.adapters import orm
from identity.adapters.eid import EidBroker
from identity.adapters.keys import KeyRing, TokenIssuer
from identity.adapters.national_ids import NationalIdHasher
from identity.adapters.rate_limit import RateLimiter
from identity.adapters.register import LocalRegisterExtract
from identity.adapters.tickets import TicketVerifier
from identity.schemas.events import EVENT_SPECS
from identity.service_layer.handlers import COMMAND_HANDLERS
from identity.service_layer.protocol import OAuthServers
from identity.service_layer.unit_of_work import IdentityUnitOfWork
from portal_kit.clock import Clock
from portal_kit.db import make_engine
from portal_kit.wiring import App, ServiceParts, wire

PARTS = ServiceParts(
    name="identity", metadata=orm.metadata, outbox_table=orm.outbox, inbox_table=orm.inbox,
    uow_class=IdentityUnitOfWork, event_specs=EVENT_SPECS,
    command_handlers=COMMAND_HANDLERS, event_handlers={}, audit_table=orm.audit)


def bootstrap(config: Mapping[str, Any], on_commit: Callable[[], None] = lambda: None,
              clock: Clock | None = None) -> App:
    orm.start_mappers()
    if settings.is_development(config):
        os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # http://localhost only
    engine = make_engine(config["DATABASE_URL"])
    issuer = settings.issuer(config)
    protocol = settings.protocol_settings(config)
    ring = KeyRing(settings.signing_key(config), engine, protocol.access_lifetime)
    tokens = TokenIssuer(ring, issuer, str(config.get("TOKEN_AUDIENCE") or "portal"),
                         protocol.access_lifetime)
    clients = {c.client_id: c for c in (settings.operator_client(config),
                                        settings.web_client(config))}
    hasher = NationalIdHasher(settings.national_id_key(config))
    brokers = _brokers(config, issuer)
    dependencies = {
        "oauth": OAuthServers(clients, tokens, protocol, f"{issuer}/v1/oauth/authorize"),
        "token_limit": RateLimiter(
            settings.limit(config, "TOKEN_RATE_LIMIT", "600/60"), "token",
            by_prefix={"person:": settings.limit(config, "TOKEN_RATE_LIMIT_PER_PERSON", "30/60")}),
        "register_limit": RateLimiter(settings.limit(config, "REGISTER_SEARCH_RATE_LIMIT",
                                                     "30/60"), "register search"),
        "brokers": brokers, "register": LocalRegisterExtract(hasher),
        "tickets": TicketVerifier(settings.invitations_jwks_url(config),
                                  settings.invitations_issuer(config), issuer),
        "hash_national_id": hasher, "allow_synthetic_ids": settings.allow_synthetic_ids(config),
        "static_client_ids": frozenset(clients)}
    app = wire(PARTS, config, clock=clock, on_commit=on_commit, engine=engine,
               dependencies=dependencies)
    app.jwks = tokens.jwks
    app.extras.update(tokens=tokens, issuer=issuer, brokers=brokers,
                      broker_client_key=settings.broker_client_key(config))
    return app


def _brokers(config: Mapping[str, Any], issuer: str) -> dict[str, EidBroker]:
    key = settings.broker_client_key(config)
    allow = settings.allow_synthetic_ids(config)
    return {b.name: EidBroker(b, f"{issuer}/v1/oauth/callback", key, allow)
            for b in settings.brokers(config)}
