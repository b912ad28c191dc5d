"""Invitations' use cases, routed by two explicit dicts: commands, and other services' events."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from invitations.domain import commands
from invitations.domain.appointments import PLACEMENT_CANCELLED
from invitations.domain.model import OrganisationAgreement
from invitations.domain.projections import Organisation, Person, Placement
from invitations.domain.relationships import INVITATION
from invitations.service_layer import appointments, teams
from invitations.service_layer.sweep import sweep
from invitations.service_layer.unit_of_work import InvitationsUnitOfWork
from portal_contracts import competencies as programmes
from portal_contracts import identity, read
from portal_contracts.agreements import record_agreement_change
from portal_kit.clock import Clock
from portal_kit.inbox import idempotent


@idempotent("invitations.record_agreement_change")
def record_agreement(event: dict[str, Any], uow: InvitationsUnitOfWork) -> None:
    """Keep this service's record of the organisation's agreement up to date."""
    record_agreement_change(uow.agreements, identity.agreement_change(event),
                            OrganisationAgreement)


@idempotent("invitations.record_organisation")
def record_organisation(event: dict[str, Any], uow: InvitationsUnitOfWork) -> None:
    data = read(identity.OrganisationRegisteredV2, event, only=(
        "organisation_id", "name", "kind", "country", "agreement_holder_id"))
    known = uow.known.organisation(data["organisation_id"])
    if known is None:
        uow.known.add(Organisation(**data))
    else:
        known.name, known.kind, known.country = data["name"], data["kind"], data["country"]
        known.agreement_holder_id = data["agreement_holder_id"]


@idempotent("invitations.record_person")
def record_person(event: dict[str, Any], uow: InvitationsUnitOfWork, clock: Clock) -> None:
    data = read(identity.PersonRegisteredV1, event, only=(
        "person_id", "given_name", "family_name", "email", "language", "country",
        "authorisation_id", "hpr_number"))
    known = uow.known.person(data["person_id"])
    authorisation_id = (data["authorisation_id"] or "").upper() or None
    if known is None:
        uow.known.add(Person(**dict(data, authorisation_id=authorisation_id),
                             changed_at=clock.now()))
    else:
        known.given_name, known.family_name = data["given_name"], data["family_name"]
        known.email, known.language = data["email"], data["language"]
        known.authorisation_id, known.hpr_number = authorisation_id, data["hpr_number"]
    uow.session.flush()
    appointments.bind_person(uow, authorisation_id, data["person_id"], clock.now())


@idempotent("invitations.record_contact")
def record_contact(event: dict[str, Any], uow: InvitationsUnitOfWork) -> None:
    data = read(identity.PersonContactChangedV1, event,
                only=("person_id", "email", "language"))
    known = uow.known.person(data["person_id"])
    if known is not None:
        known.email, known.language = data["email"], data["language"]


@idempotent("invitations.bind_invitation")
def bind_invitation(event: dict[str, Any], uow: InvitationsUnitOfWork, clock: Clock) -> None:
    """identity's ``person.invitation_accepted``: bind the invitation or refuse, with why."""
    teams.bind(read(identity.PersonInvitationAcceptedV1, event), uow, clock.now())


@idempotent("invitations.record_enrolment")
def record_enrolment(event: dict[str, Any], uow: InvitationsUnitOfWork) -> None:
    data = read(programmes.EnrolmentCreatedV1, event, only=("enrolment_id", "country"))
    for placement in uow.known.placements_of_enrolment(data["enrolment_id"]):
        placement.country = data["country"]


@idempotent("invitations.record_placement")
def record_placement(event: dict[str, Any], uow: InvitationsUnitOfWork, clock: Clock) -> None:
    data = read(programmes.PlacementRecordedV1, event, only=(
        "placement_id", "enrolment_id", "trainee_id", "place_id", "agreement_holder_id",
        "curriculum", "starts_on", "ends_on"))
    if uow.known.placement(data["placement_id"]) is None:
        uow.known.add(Placement(**data, country=_country(uow, data)))
        uow.session.flush()
    appointments.reconcile_place(uow, data["place_id"], clock.now())


@idempotent("invitations.change_placement")
def change_placement(event: dict[str, Any], uow: InvitationsUnitOfWork, clock: Clock) -> None:
    data = read(programmes.PlacementChangedV1, event,
                only=("placement_id", "starts_on", "ends_on"))
    placement = uow.known.placement(data["placement_id"], lock=True)
    if placement is not None:
        placement.starts_on, placement.ends_on = data["starts_on"], data["ends_on"]
        _team_follows(uow, placement.placement_id, data["ends_on"], clock.now())
        uow.session.flush()
        appointments.reconcile_place(uow, placement.place_id, clock.now())


def _team_follows(uow: InvitationsUnitOfWork, placement_id: str, ends_on: date,
                  now: datetime) -> None:
    """A LIS1 team lasts as long as its placement: its relationships end on the placement's
    new last day (ended at once when that comes before they began)."""
    for relationship in uow.relationships.of_placement(placement_id):
        if not relationship.is_active or relationship.source != INVITATION:
            continue
        if ends_on < relationship.valid_from:
            relationship.end(now, "system", "placement_ended")
        else:
            relationship.change_window(relationship.valid_from, ends_on, now, "system")
        uow.add(relationship)


@idempotent("invitations.cancel_placement")
def cancel_placement(event: dict[str, Any], uow: InvitationsUnitOfWork, clock: Clock) -> None:
    data = read(programmes.PlacementCancelledV1, event, only=("placement_id", "place_id"))
    placement = uow.known.placement(data["placement_id"], lock=True)
    if placement is None:
        return
    placement.cancelled = True
    now = clock.now()
    for relationship in uow.relationships.of_placement(placement.placement_id):
        if relationship.is_active:
            relationship.end(now, "system", "placement_cancelled")
            uow.add(relationship)
    uow.session.flush()
    appointments.reconcile_place(uow, placement.place_id, now, PLACEMENT_CANCELLED)


def _country(uow: InvitationsUnitOfWork, data: dict[str, Any]) -> str | None:
    holder = uow.known.organisation(data["agreement_holder_id"])
    return holder.country if holder else None


COMMAND_HANDLERS = {
    commands.Invite: teams.invite,
    commands.Resend: teams.resend,
    commands.Revoke: teams.revoke,
    commands.OpenLink: teams.open_link,
    commands.EndRelationship: teams.end_relationship,
    commands.Appoint: appointments.appoint,
    commands.ChangeAppointment: appointments.change,
    commands.EndAppointment: appointments.end,
    commands.Sweep: sweep,
}

EVENT_HANDLERS = {
    identity.DPA_SIGNED_V2: [record_agreement],
    identity.DPA_TERMINATED_V2: [record_agreement],
    identity.ORGANISATION_REGISTERED_V2: [record_organisation],
    identity.ORGANISATION_UPDATED: [record_organisation],
    identity.PERSON_REGISTERED: [record_person],
    identity.PERSON_CONTACT_CHANGED: [record_contact],
    identity.PERSON_INVITATION_ACCEPTED: [bind_invitation],
    programmes.ENROLMENT_CREATED: [record_enrolment],
    programmes.PLACEMENT_RECORDED: [record_placement],
    programmes.PLACEMENT_CHANGED: [change_placement],
    programmes.PLACEMENT_CANCELLED: [cancel_placement],
}
