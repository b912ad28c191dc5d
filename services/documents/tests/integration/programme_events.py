"""Competencies' and invitations' events as documents receives them, dumped with their
published contracts (portal_contracts), and a way to publish one and wait until applied."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from nameko.testing.services import entrypoint_waiter

from portal_contracts import competencies as programmes
from portal_contracts import invitations
from portal_kit import events as ce
from portal_kit.testing_infra import publish_event

TODAY = datetime.now(UTC).date()
SCHEMAS = {
    programmes.ENROLMENT_CREATED: programmes.EnrolmentCreatedV1,
    programmes.ENROLMENT_CANCELLED: programmes.EnrolmentCancelledV1,
    programmes.ENROLMENT_CURRICULUM_VERSION_CHANGED:
        programmes.EnrolmentCurriculumVersionChangedV1,
    programmes.PLACEMENT_RECORDED: programmes.PlacementRecordedV1,
    programmes.PLACEMENT_CHANGED: programmes.PlacementChangedV1,
    programmes.PLACEMENT_CANCELLED: programmes.PlacementCancelledV1,
    programmes.TUTOR_ASSIGNED: programmes.TutorAssignedV1,
    programmes.ACCESS_OPENED: programmes.AccessOpenedV1,
    invitations.RELATIONSHIP_GRANTED: invitations.RelationshipGrantedV1,
    invitations.RELATIONSHIP_CHANGED: invitations.RelationshipChangedV1,
    invitations.RELATIONSHIP_ENDED: invitations.RelationshipEndedV1,
}
HANDLERS = {
    programmes.ENROLMENT_CREATED: "on_enrolment_created",
    programmes.ENROLMENT_CANCELLED: "on_enrolment_cancelled",
    programmes.ENROLMENT_CURRICULUM_VERSION_CHANGED: "on_enrolment_curriculum_version_changed",
    programmes.PLACEMENT_RECORDED: "on_placement_recorded",
    programmes.PLACEMENT_CHANGED: "on_placement_changed",
    programmes.PLACEMENT_CANCELLED: "on_placement_cancelled",
    programmes.TUTOR_ASSIGNED: "on_tutor_assigned",
    programmes.ACCESS_OPENED: "on_access_opened",
    invitations.RELATIONSHIP_GRANTED: "on_relationship_granted",
    invitations.RELATIONSHIP_CHANGED: "on_relationship_changed",
    invitations.RELATIONSHIP_ENDED: "on_relationship_ended",
}


def event(kind: str, **data: Any) -> dict[str, Any]:
    """An event of ``kind`` whose data the contract schema dumps (and so accepts)."""
    source = kind.split(".")[1]
    dumped = SCHEMAS[kind]().dump(data)
    missing = set(SCHEMAS[kind]().fields) - set(dumped)
    assert not missing, f"the test's {kind} lacks {missing}"
    return ce.envelope(source=f"/portal/{source}", type=kind,
                       subject=f"trainees/{data.get('trainee_id')}",
                       time=datetime.now(UTC), correlation_id=str(uuid.uuid4()),
                       dataschema=f"http://localhost:8000/api/{source}/schemas/{kind}.json",
                       data=dumped)


def deliver(world: Any, kind: str, sent: dict[str, Any] | None = None, **data: Any
            ) -> dict[str, Any]:
    """Publish the event on its producer's exchange; return once documents handled it."""
    sent = sent or event(kind, **data)
    exchange = f"{kind.split('.')[1]}.events"
    with entrypoint_waiter(world.container, HANDLERS[kind], timeout=10):
        publish_event(world.amqp_uri, exchange, sent)
    return sent


class Programme:
    """One trainee's programme at competencies: enrolment, placements, tutors."""

    def __init__(self, world: Any, trainee: str, holder: str, curriculum: str = "kbu",
                 country: str = "DK") -> None:
        self.world, self.trainee, self.holder = world, trainee, holder
        self.curriculum, self.country = curriculum, country
        self.enrolment_id = str(uuid.uuid4())

    def enrol(self) -> str:
        self.enrolled = deliver(self.world, programmes.ENROLMENT_CREATED, enrolment_id=self.enrolment_id,
                trainee_id=self.trainee, curriculum=self.curriculum, curriculum_version="2017",
                programme="Klinisk basisuddannelse (KBU)", country=self.country,
                agreement_holder_id=self.holder, starts_on=TODAY - timedelta(days=30),
                ends_on=None, enrolled_at=datetime.now(UTC), enrolled_by="p-admin")
        return self.enrolment_id

    def cancel(self) -> None:
        deliver(self.world, programmes.ENROLMENT_CANCELLED, enrolment_id=self.enrolment_id,
                trainee_id=self.trainee, agreement_holder_id=self.holder, reason="by mistake",
                cancelled_at=datetime.now(UTC), cancelled_by="p-admin")

    def move_version(self, to_version: str) -> None:
        deliver(self.world, programmes.ENROLMENT_CURRICULUM_VERSION_CHANGED,
                enrolment_id=self.enrolment_id, trainee_id=self.trainee,
                agreement_holder_id=self.holder, curriculum=self.curriculum,
                from_version="2017", to_version=to_version, needs_approval_again=["KBU-01"],
                approvals_kept=[], changed_at=datetime.now(UTC), changed_by="p-admin")

    def placement_data(self, placement_id: str, place: str, holder: str | None = None
                       ) -> dict[str, Any]:
        return {"placement_id": placement_id, "enrolment_id": self.enrolment_id,
                "trainee_id": self.trainee, "place_id": place,
                "agreement_holder_id": holder or self.holder}

    def place(self, place: str, starts_on: date | None = None, ends_on: date | None = None,
              holder: str | None = None, placement_id: str | None = None) -> str:
        placement_id = placement_id or str(uuid.uuid4())
        deliver(self.world, programmes.PLACEMENT_RECORDED,
                **self.placement_data(placement_id, place, holder),
                curriculum=self.curriculum, curriculum_version="2017", element="kbu-1",
                element_kind="hospital", plan=["kbu-a"],
                starts_on=starts_on or TODAY - timedelta(days=30),
                ends_on=ends_on or TODAY + timedelta(days=150),
                recorded_at=datetime.now(UTC), recorded_by="p-admin")
        return placement_id

    def tutor(self, placement_id: str, place: str, tutor: str, previous: str | None = None,
              valid_from: date | None = None, valid_to: date | None = None,
              at: datetime | None = None) -> dict[str, Any]:
        return deliver(self.world, programmes.TUTOR_ASSIGNED,
                       **self.placement_data(placement_id, place), tutor_id=tutor,
                       previous_tutor_id=previous,
                       valid_from=valid_from or TODAY - timedelta(days=30),
                       valid_to=valid_to or TODAY + timedelta(days=150),
                       assigned_at=at or datetime.now(UTC), assigned_by="p-admin")

    def change(self, placement_id: str, place: str, starts_on: date, ends_on: date) -> None:
        deliver(self.world, programmes.PLACEMENT_CHANGED,
                **self.placement_data(placement_id, place), starts_on=starts_on,
                ends_on=ends_on, changed_at=datetime.now(UTC), changed_by="p-admin")

    def cancel_placement(self, placement_id: str, place: str) -> None:
        deliver(self.world, programmes.PLACEMENT_CANCELLED,
                **self.placement_data(placement_id, place), reason="never started",
                cancelled_at=datetime.now(UTC), cancelled_by="p-admin")

    def reopen(self, place: str, days: int = 14) -> None:
        deliver(self.world, programmes.ACCESS_OPENED, opening_id=str(uuid.uuid4()),
                trainee_id=self.trainee, place_id=place, agreement_holder_id=self.holder,
                opened_from=TODAY, opened_until=TODAY + timedelta(days=days),
                reason="Written request from the tutor", opened_at=datetime.now(UTC),
                opened_by="p-region")


def relationship(kind: str, relationship_id: str, trainee: str, person: str, role: str,
                 holder: str, version: int, **extra: Any) -> dict[str, Any]:
    stamp = kind.rsplit(".", 2)[1]  # granted | changed | ended
    data = {"relationship_id": relationship_id, "trainee_id": trainee, "person_id": person,
            "role": role, "organisation_id": holder, "place_id": "place-1",
            "source": "invitation", "source_id": str(uuid.uuid4()),
            "valid_from": TODAY - timedelta(days=1), "valid_to": None, "version": version,
            f"{stamp}_at": datetime.now(UTC), f"{stamp}_by": trainee}
    if stamp == "ended":
        data["reason"] = "ended_by_administrator"
    return event(kind, **dict(data, **extra))
