"""Invitations' nameko service: other services' events in; invitations, appointments,
relationships and their reads out. Each entrypoint only translates; the HTTP routes live
in ``teams`` and ``appointments`` (imported as modules, so ``nameko run`` sees one
service class here)."""
from __future__ import annotations

import os
from typing import Any

from nameko.timer import timer
from werkzeug.wrappers import Request

from invitations.bootstrap import bootstrap
from invitations.domain.commands import Sweep
from invitations.entrypoints import appointments, teams
from invitations.schemas import http as schemas
from invitations.schemas.events import EVENT_SPECS
from invitations.service_layer import views
from portal_contracts import competencies as programmes
from portal_contracts import identity
from portal_kit.http import api
from portal_kit.messaging import event_handler
from portal_kit.platform import platform_endpoints
from portal_kit.runtime import Runtime

V1 = "/api/invitations/v1"
SWEEP_SECONDS = float(os.environ.get("INVITATIONS_SWEEP_SECONDS") or 60)  # read at start


class InvitationsService(teams.TeamEndpoints, appointments.AppointmentEndpoints,
                         platform_endpoints("invitations", EVENT_SPECS)):  # type: ignore[misc]
    name = "invitations"
    runtime = Runtime(bootstrap)

    @event_handler("identity", identity.DPA_SIGNED_V2)
    def on_dpa_signed(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", identity.DPA_TERMINATED_V2)
    def on_dpa_terminated(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", identity.ORGANISATION_REGISTERED_V2)
    def on_organisation_registered(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", identity.ORGANISATION_UPDATED)
    def on_organisation_updated(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", identity.PERSON_REGISTERED)
    def on_person_registered(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", identity.PERSON_CONTACT_CHANGED)
    def on_contact_changed(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", identity.PERSON_INVITATION_ACCEPTED)
    def on_invitation_accepted(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("competencies", programmes.ENROLMENT_CREATED)
    def on_enrolment_created(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("competencies", programmes.PLACEMENT_RECORDED)
    def on_placement_recorded(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("competencies", programmes.PLACEMENT_CHANGED)
    def on_placement_changed(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("competencies", programmes.PLACEMENT_CANCELLED)
    def on_placement_cancelled(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @timer(interval=SWEEP_SECONDS)
    def sweep(self) -> None:
        """Expire and remind (each due invitation claimed in the database)."""
        self.runtime.handle(Sweep())

    @api("GET", f"{V1}/organisations/<organisation_id>/agreement",
         summary="Whether the organisation may send invitations (its agreement is in force)",
         auth="operator", response=schemas.AgreementOut(), tags=("agreements",),
         responses={404: "No agreement known for this organisation"})
    def agreement(self, request: Request, organisation_id: str) -> dict:
        self.runtime.authenticate(request, role="operator")
        found = self.runtime.query(views.agreement, organisation_id=organisation_id)
        return schemas.AgreementOut().dump(found)
