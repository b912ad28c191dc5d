"""Invitations' entrypoints: identity's agreement events in, the agreement gate out."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from invitations.bootstrap import bootstrap
from invitations.schemas import http as schemas
from invitations.schemas.events import EVENT_SPECS
from invitations.service_layer import views
from portal_contracts.identity import DPA_SIGNED_V2, DPA_TERMINATED_V2
from portal_kit.http import api
from portal_kit.messaging import event_handler
from portal_kit.platform import platform_endpoints
from portal_kit.runtime import Runtime

V1 = "/api/invitations/v1"


class InvitationsService(platform_endpoints("invitations", EVENT_SPECS)):  # type: ignore[misc]
    name = "invitations"
    runtime = Runtime(bootstrap)

    @event_handler("identity", DPA_SIGNED_V2)
    def on_dpa_signed(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", DPA_TERMINATED_V2)
    def on_dpa_terminated(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @api("GET", f"{V1}/organisations/<organisation_id>/agreement",
         summary="Whether the organisation may send invitations (its agreement is in force)",
         auth="operator", response=schemas.AgreementOut(), tags=("agreements",),
         responses={404: "No agreement known for this organisation"})
    def agreement(self, request: Request, organisation_id: str) -> dict:
        self.runtime.authenticate(request, role="operator")
        found = self.runtime.query(views.agreement, organisation_id=organisation_id)
        return schemas.AgreementOut().dump(found)
