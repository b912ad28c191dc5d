"""Competencies' entrypoints: identity's agreement events in, the sign-off gate out."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from competencies.bootstrap import bootstrap
from competencies.schemas import http as schemas
from competencies.schemas.events import EVENT_SPECS
from competencies.service_layer import views
from portal_contracts.identity import DPA_SIGNED_V2, DPA_TERMINATED_V2
from portal_kit.http import api
from portal_kit.messaging import event_handler
from portal_kit.platform import platform_endpoints
from portal_kit.runtime import Runtime

V1 = "/api/competencies/v1"


class CompetenciesService(platform_endpoints("competencies", EVENT_SPECS)):  # type: ignore[misc]
    name = "competencies"
    runtime = Runtime(bootstrap)

    @event_handler("identity", DPA_SIGNED_V2)
    def on_dpa_signed(self, event: dict[str, Any]) -> None:
        """An organisation signed its data-processing agreement: sign-offs may be recorded."""
        self.runtime.handle_event(event)

    @event_handler("identity", DPA_TERMINATED_V2)
    def on_dpa_terminated(self, event: dict[str, Any]) -> None:
        """An organisation's agreement ended: its trainees' sign-offs are closed."""
        self.runtime.handle_event(event)

    @api("GET", f"{V1}/organisations/<organisation_id>/agreement",
         summary="Whether the organisation's trainees may have sign-offs recorded "
                 "(its agreement is in force)",
         auth="operator", response=schemas.AgreementOut(), tags=("agreements",),
         responses={404: "No agreement known for this organisation"})
    def agreement(self, request: Request, organisation_id: str) -> dict:
        """The organisation's agreement as this service last recorded it (operators only)."""
        self.runtime.authenticate(request, role="operator")
        found = self.runtime.query(views.agreement, organisation_id=organisation_id)
        return schemas.AgreementOut().dump(found)
