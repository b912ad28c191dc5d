"""The one place that wires documents: tables, handlers, the blob store, upload checks."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from documents import config as settings
from documents.adapters import orm
from documents.adapters.inspection import Inspector, guard_pillow
from documents.adapters.receiving import Receiver
from documents.schemas.events import EVENT_SPECS
from documents.service_layer.handlers import COMMAND_HANDLERS, EVENT_HANDLERS
from documents.service_layer.unit_of_work import DocumentsUnitOfWork
from portal_kit.clock import Clock
from portal_kit.wiring import App, ServiceParts, wire

PARTS = ServiceParts(
    name="documents", metadata=orm.metadata, outbox_table=orm.outbox,
    inbox_table=orm.inbox, uow_class=DocumentsUnitOfWork, event_specs=EVENT_SPECS,
    command_handlers=COMMAND_HANDLERS, event_handlers=EVENT_HANDLERS, audit_table=orm.audit)


def bootstrap(config: Mapping[str, Any], on_commit: Callable[[], None] = lambda: None,
              clock: Clock | None = None) -> App:
    orm.start_mappers()
    guard_pillow(settings.max_image_pixels(config))
    store = settings.store(config)
    dependencies = {
        "receive": Receiver(settings.max_upload_bytes(config), settings.spool_dir(config)),
        "inspect": Inspector(settings.max_image_pixels(config)),
        "store": store, "retention": settings.retention(config),
        "orphan_grace": timedelta(seconds=settings.orphan_grace_seconds(config)),
        "signing_assurance": settings.signing_assurance(config),
    }
    app = wire(PARTS, config, clock=clock, on_commit=on_commit, dependencies=dependencies)
    app.extras.update(store=store, max_upload_bytes=settings.max_upload_bytes(config),
                      sweep_seconds=settings.sweep_seconds(config))
    return app
