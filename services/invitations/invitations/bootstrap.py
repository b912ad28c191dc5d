"""The one place that wires invitations."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from invitations.adapters import orm
from invitations.schemas.events import EVENT_SPECS
from invitations.service_layer.handlers import EVENT_HANDLERS
from invitations.service_layer.unit_of_work import InvitationsUnitOfWork
from portal_kit.clock import Clock
from portal_kit.wiring import App, ServiceParts, wire

PARTS = ServiceParts(
    name="invitations", metadata=orm.metadata, outbox_table=orm.outbox,
    inbox_table=orm.inbox, uow_class=InvitationsUnitOfWork, event_specs=EVENT_SPECS,
    command_handlers={}, event_handlers=EVENT_HANDLERS)


def bootstrap(config: Mapping[str, Any], on_commit: Callable[[], None] = lambda: None,
              clock: Clock | None = None) -> App:
    orm.start_mappers()
    return wire(PARTS, config, clock=clock, on_commit=on_commit)
