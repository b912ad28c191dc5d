"""The relations projection, from competencies' and invitations' events.

Who a trainee is (enrolments), where and when they train (placements: each place
of training with the agreement holder the event names for it), who may act for
them (``ApproverGrant``: a placement's personal tutor, an invitations
relationship), the region's reopenings (``AccessOpening``), and people's names
(identity's registrations, shown to a trainee's tutor). Each handler runs
once per event id (the kit's inbox) and tolerates events that arrive late or out
of order: a relationship keeps the highest ``version`` it saw, a placement's tutor
the latest assignment, and a placement first heard of by its change or
cancellation is recorded from that event and not revived by a late recording.
"""
from __future__ import annotations

from typing import Any

from documents.domain.access import AccessOpening, ApproverGrant, Enrolment, Placement
from documents.service_layer.unit_of_work import DocumentsUnitOfWork
from portal_contracts import competencies as programmes
from portal_contracts import identity, invitations, read
from portal_kit.inbox import idempotent

PLACEMENT = ("placement_id", "enrolment_id", "trainee_id", "place_id", "agreement_holder_id")


@idempotent("documents.record_enrolment")
def record_enrolment(event: dict[str, Any], uow: DocumentsUnitOfWork) -> None:
    data = read(programmes.EnrolmentCreatedV1, event, only=(
        "enrolment_id", "trainee_id", "curriculum", "curriculum_version", "programme",
        "country", "agreement_holder_id"))
    if uow.relations.enrolment(data["enrolment_id"]) is None:
        uow.relations.add(Enrolment(**data))


@idempotent("documents.cancel_enrolment")
def cancel_enrolment(event: dict[str, Any], uow: DocumentsUnitOfWork) -> None:
    data = read(programmes.EnrolmentCancelledV1, event, only=("enrolment_id",))
    enrolment = uow.relations.enrolment(data["enrolment_id"])
    if enrolment is not None:
        enrolment.cancelled = True


@idempotent("documents.change_curriculum_version")
def change_curriculum_version(event: dict[str, Any], uow: DocumentsUnitOfWork) -> None:
    """The trainee was moved to the next version of their curriculum: from now on they
    (and their approvers) read that version's file library."""
    data = read(programmes.EnrolmentCurriculumVersionChangedV1, event,
                only=("enrolment_id", "to_version"))
    enrolment = uow.relations.enrolment(data["enrolment_id"])
    if enrolment is not None:
        enrolment.curriculum_version = data["to_version"]


@idempotent("documents.record_placement")
def record_placement(event: dict[str, Any], uow: DocumentsUnitOfWork) -> None:
    data = read(programmes.PlacementRecordedV1, event, only=(*PLACEMENT, "starts_on",
                                                              "ends_on"))
    if uow.relations.placement(data["placement_id"], lock=True) is None:
        uow.relations.add(Placement(**data))


@idempotent("documents.change_placement")
def change_placement(event: dict[str, Any], uow: DocumentsUnitOfWork) -> None:
    """New dates for the placement, and for its tutor's window, which follows them."""
    data = read(programmes.PlacementChangedV1, event, only=(*PLACEMENT, "starts_on",
                                                             "ends_on"))
    placement = _placement(uow, data)
    placement.starts_on, placement.ends_on = data["starts_on"], data["ends_on"]
    tutor = uow.relations.grant(tutor_grant_id(data["placement_id"]), lock=True)
    if tutor is not None:
        tutor.valid_from, tutor.valid_to = data["starts_on"], data["ends_on"]


@idempotent("documents.cancel_placement")
def cancel_placement(event: dict[str, Any], uow: DocumentsUnitOfWork) -> None:
    """The placement is cancelled, and its personal tutor's assignment ends with it."""
    data = read(programmes.PlacementCancelledV1, event, only=(*PLACEMENT, "cancelled_at"))
    on = data["cancelled_at"].date()
    _placement(uow, dict(data, starts_on=on, ends_on=on)).cancelled = True
    tutor = uow.relations.grant(tutor_grant_id(data["placement_id"]), lock=True)
    if tutor is not None:
        tutor.ended = True


@idempotent("documents.assign_tutor")
def assign_tutor(event: dict[str, Any], uow: DocumentsUnitOfWork) -> None:
    """The placement's personal tutor (one at a time): the latest assignment stands."""
    data = read(programmes.TutorAssignedV1, event, only=(
        *PLACEMENT, "tutor_id", "valid_from", "valid_to", "assigned_at"))
    _keep_newer(uow, ApproverGrant(
        tutor_grant_id(data["placement_id"]), data["trainee_id"], data["tutor_id"], "tutor",
        data["agreement_holder_id"], data["valid_from"], data["valid_to"],
        data["enrolment_id"], data["placement_id"], data["place_id"],
        version=int(data["assigned_at"].timestamp() * 1_000_000)))


@idempotent("documents.open_access")
def open_access(event: dict[str, Any], uow: DocumentsUnitOfWork) -> None:
    data = read(programmes.AccessOpenedV1, event, only=(
        "opening_id", "trainee_id", "place_id", "agreement_holder_id", "opened_from",
        "opened_until"))
    if uow.relations.opening(data["opening_id"]) is None:
        uow.relations.add(AccessOpening(**data))


@idempotent("documents.record_relationship")
def record_relationship(event: dict[str, Any], uow: DocumentsUnitOfWork) -> None:
    """A relationship granted, changed or ended, each carrying its whole state: the
    highest version seen stands, so a late event never moves it back."""
    data = read(invitations.RelationshipGrantedV1, event, only=(
        "relationship_id", "trainee_id", "person_id", "role", "organisation_id", "place_id",
        "valid_from", "valid_to", "version"))
    _keep_newer(uow, ApproverGrant(
        data["relationship_id"], data["trainee_id"], data["person_id"], data["role"],
        data["organisation_id"], data["valid_from"], data["valid_to"],
        place_id=data["place_id"], version=data["version"],
        ended=event["type"] == invitations.RELATIONSHIP_ENDED))


@idempotent("documents.record_person")
def record_person(event: dict[str, Any], uow: DocumentsUnitOfWork) -> None:
    """A person's name, to show a trainee's documents to their tutor by name."""
    data = read(identity.PersonRegisteredV1, event,
                only=("person_id", "given_name", "family_name"))
    uow.people.record(data["person_id"], data["given_name"], data["family_name"])


def tutor_grant_id(placement_id: str) -> str:
    return f"tutor:{placement_id}"


def _keep_newer(uow: DocumentsUnitOfWork, grant: ApproverGrant) -> None:
    known = uow.relations.grant(grant.grant_id, lock=True)
    if known is None:
        uow.relations.add(grant)
    else:
        known.take(grant)


def _placement(uow: DocumentsUnitOfWork, data: dict[str, Any]) -> Placement:
    """The placement, or a record of it from this later event (recorded came late)."""
    found = uow.relations.placement(data["placement_id"], lock=True)
    if found is None:
        found = Placement(data["placement_id"], data["enrolment_id"], data["trainee_id"],
                          data["agreement_holder_id"], data["starts_on"], data["ends_on"],
                          place_id=data["place_id"])
        uow.relations.add(found)
    return found


EVENT_HANDLERS = {
    programmes.ENROLMENT_CREATED: [record_enrolment],
    programmes.ENROLMENT_CANCELLED: [cancel_enrolment],
    programmes.ENROLMENT_CURRICULUM_VERSION_CHANGED: [change_curriculum_version],
    programmes.PLACEMENT_RECORDED: [record_placement],
    programmes.PLACEMENT_CHANGED: [change_placement],
    programmes.PLACEMENT_CANCELLED: [cancel_placement],
    programmes.TUTOR_ASSIGNED: [assign_tutor],
    programmes.ACCESS_OPENED: [open_access],
    **{kind: [record_relationship] for kind in invitations.RELATIONSHIP_TYPES},
    identity.PERSON_REGISTERED: [record_person],
}
