"""The one place that wires competencies."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from competencies.adapters import orm, orm_evidence, orm_signoff
from competencies.adapters.credential_issuer import credential_issuer
from competencies.adapters.credentials import CredentialKeys
from competencies.adapters.permissions_file import permissions_from_config
from competencies.schemas.events import EVENT_SPECS
from competencies.service_layer.handlers import COMMAND_HANDLERS, EVENT_HANDLERS
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_kit.clock import Clock
from portal_kit.wiring import App, ServiceParts, wire

PARTS = ServiceParts(
    name="competencies", metadata=orm.metadata, outbox_table=orm.outbox,
    inbox_table=orm.inbox, uow_class=CompetenciesUnitOfWork, event_specs=EVENT_SPECS,
    command_handlers=COMMAND_HANDLERS, event_handlers=EVENT_HANDLERS, audit_table=orm.audit)


def bootstrap(config: Mapping[str, Any], on_commit: Callable[[], None] = lambda: None,
              clock: Clock | None = None) -> App:
    orm.start_mappers()
    orm_signoff.start_signoff_mappers()
    orm_evidence.start_evidence_mappers()
    permissions = permissions_from_config(config)
    keys = CredentialKeys.from_config(config)
    issuer_url = f"{str(config.get('PUBLIC_BASE_URL', 'http://localhost:8000')).rstrip('/')}" \
                 "/api/competencies"
    app = wire(PARTS, config, clock=clock, on_commit=on_commit, dependencies={
        "settings": config, "permissions": permissions,
        "issuer": credential_issuer(keys, issuer_url)})
    app.extras.update(clock=app.clock, permissions=permissions, credential_keys=keys)
    return app
