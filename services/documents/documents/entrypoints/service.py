"""Documents' entrypoints: events in (identity's agreements here; programmes and relationships
for the access projection in ``relations``), evidence and the file library over HTTP,
periodic sweeps."""
from __future__ import annotations

import time
from typing import Any

from nameko.timer import timer
from werkzeug.wrappers import Request

from documents.bootstrap import bootstrap
from documents.domain import commands
from documents.entrypoints import evidence, library, relations
from documents.schemas import http as schemas
from documents.schemas.events import EVENT_SPECS
from documents.service_layer import views
from portal_contracts.identity import DPA_SIGNED_V2, DPA_TERMINATED_V2
from portal_kit.http import api
from portal_kit.messaging import event_handler
from portal_kit.platform import platform_endpoints
from portal_kit.runtime import Runtime

V1 = "/api/documents/v1"
TICK_SECONDS = 30


# The parts are named through their modules: ``nameko run`` takes every class with
# entrypoints it finds in this module for a service of its own.
class DocumentsService(evidence.EvidenceEndpoints, library.LibraryEndpoints,  # type: ignore[misc]
                       relations.RelationEvents, platform_endpoints("documents", EVENT_SPECS)):
    name = "documents"
    runtime = Runtime(bootstrap)

    @event_handler("identity", DPA_SIGNED_V2)
    def on_dpa_signed(self, event: dict[str, Any]) -> None:
        """An organisation signed its data-processing agreement: evidence may be uploaded."""
        self.runtime.handle_event(event)

    @event_handler("identity", DPA_TERMINATED_V2)
    def on_dpa_terminated(self, event: dict[str, Any]) -> None:
        """An organisation's agreement ended: its trainees' uploads are closed."""
        self.runtime.handle_event(event)

    @api("GET", f"{V1}/organisations/<organisation_id>/agreement",
         summary="Whether evidence may be uploaded for the organisation's trainees "
                 "(its agreement is in force)",
         auth="operator", response=schemas.AgreementOut(), tags=("agreements",),
         responses={404: "No agreement known for this organisation"})
    def agreement(self, request: Request, organisation_id: str) -> dict:
        """The organisation's agreement as this service last recorded it (operators only)."""
        self.runtime.authenticate(request, role="operator")
        found = self.runtime.query(views.agreement, organisation_id=organisation_id)
        return schemas.AgreementOut().dump(found)

    @timer(interval=TICK_SECONDS)
    def sweep(self) -> None:
        """Every DOCUMENTS_SWEEP_SECONDS: remove orphaned bytes, erase expired documents."""
        extras = self.runtime.extras
        if time.monotonic() - extras.get("swept_at", float("-inf")) < extras["sweep_seconds"]:
            return
        extras["swept_at"] = time.monotonic()
        self.runtime.handle(commands.SweepOrphans())
        self.runtime.handle(commands.ApplyRetention())
