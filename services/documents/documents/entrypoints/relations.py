"""Events in for the relations projection: competencies' programmes and placements,
invitations' relationships and identity's registrations (``service_layer.relations``)."""
from __future__ import annotations

from typing import Any

from portal_contracts import competencies as programmes
from portal_contracts import identity, invitations
from portal_kit.messaging import event_handler


class RelationEvents:
    runtime: Any

    @event_handler("competencies", programmes.ENROLMENT_CREATED)
    def on_enrolment_created(self, event: dict[str, Any]) -> None:
        """A trainee's programme: who they are, on which curriculum, for which holder."""
        self.runtime.handle_event(event)

    @event_handler("competencies", programmes.ENROLMENT_CANCELLED)
    def on_enrolment_cancelled(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("competencies", programmes.ENROLMENT_CURRICULUM_VERSION_CHANGED)
    def on_enrolment_curriculum_version_changed(self, event: dict[str, Any]) -> None:
        """The file library the trainee reads follows their curriculum version."""
        self.runtime.handle_event(event)

    @event_handler("competencies", programmes.PLACEMENT_RECORDED)
    def on_placement_recorded(self, event: dict[str, Any]) -> None:
        """Where and when the trainee trains (the place and its agreement holder)."""
        self.runtime.handle_event(event)

    @event_handler("competencies", programmes.PLACEMENT_CHANGED)
    def on_placement_changed(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("competencies", programmes.PLACEMENT_CANCELLED)
    def on_placement_cancelled(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("competencies", programmes.TUTOR_ASSIGNED)
    def on_tutor_assigned(self, event: dict[str, Any]) -> None:
        """The personal tutor confirms the trainee's paper evidence in the placement."""
        self.runtime.handle_event(event)

    @event_handler("competencies", programmes.ACCESS_OPENED)
    def on_access_opened(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("invitations", invitations.RELATIONSHIP_GRANTED)
    def on_relationship_granted(self, event: dict[str, Any]) -> None:
        """Leaders (who confirm), advisors, supervisors and vejledere (who see)."""
        self.runtime.handle_event(event)

    @event_handler("invitations", invitations.RELATIONSHIP_CHANGED)
    def on_relationship_changed(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("invitations", invitations.RELATIONSHIP_ENDED)
    def on_relationship_ended(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("identity", identity.PERSON_REGISTERED)
    def on_person_registered(self, event: dict[str, Any]) -> None:
        """A person's name (a tutor sees whose documents await them)."""
        self.runtime.handle_event(event)
