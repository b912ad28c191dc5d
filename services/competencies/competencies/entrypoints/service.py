"""Competencies' nameko service: identity's and invitations' events in; curricula,
programmes, placements and trainees' records out. Each entrypoint only translates; the HTTP
routes live in ``curricula``, ``programmes`` and ``records`` (imported as modules, so
``nameko run`` sees one service class here)."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from competencies.bootstrap import bootstrap
from competencies.entrypoints import (
    curricula,
    evidence,
    programmes,
    records,
    signoff,
    signoff_attestations,
    signoff_credentials,
)
from competencies.schemas import http as schemas
from competencies.schemas.events import EVENT_SPECS
from competencies.service_layer import views
from portal_contracts import identity
from portal_contracts import invitations as relations
from portal_kit.http import api
from portal_kit.messaging import event_handler
from portal_kit.platform import platform_endpoints
from portal_kit.runtime import Runtime

V1 = "/api/competencies/v1"


class CompetenciesService(curricula.CurriculumEndpoints, programmes.ProgrammeEndpoints,
                          records.RecordEndpoints, signoff.SignOffEndpoints,
                          signoff_attestations.AttestationEndpoints,
                          signoff_credentials.CredentialEndpoints, evidence.EvidenceHandlers,
                          platform_endpoints("competencies", EVENT_SPECS)):  # type: ignore[misc]
    name = "competencies"
    runtime = Runtime(bootstrap)

    @event_handler("identity", identity.DPA_SIGNED_V2)
    def on_dpa_signed(self, event: dict[str, Any]) -> None:
        """An organisation signed its data-processing agreement: sign-offs may be recorded."""
        self.runtime.handle_event(event)

    @event_handler("identity", identity.DPA_TERMINATED_V2)
    def on_dpa_terminated(self, event: dict[str, Any]) -> None:
        """An organisation's agreement ended: its trainees' sign-offs are closed."""
        self.runtime.handle_event(event)

    @event_handler("identity", identity.ORGANISATION_REGISTERED_V2)
    def on_organisation_registered(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", identity.ORGANISATION_UPDATED)
    def on_organisation_updated(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", identity.MEMBERSHIP_GRANTED)
    def on_membership_granted(self, event: dict[str, Any]) -> None:
        """A tutor got access to a practice, or an administrator to a holder."""
        self.runtime.handle_event(event)

    @event_handler("identity", identity.MEMBERSHIP_WITHDRAWN)
    def on_membership_withdrawn(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", identity.PERSON_PROFILE_CREATED)
    def on_profile_created(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", identity.PERSON_REGISTERED)
    def on_person_registered(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("invitations", relations.RELATIONSHIP_GRANTED)
    def on_relationship_granted(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("invitations", relations.RELATIONSHIP_CHANGED)
    def on_relationship_changed(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("invitations", relations.RELATIONSHIP_ENDED)
    def on_relationship_ended(self, event: dict[str, Any]) -> None:
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
