"""Read-only views: teams, "my trainees", who may act for a trainee, overviews, audit."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from invitations.domain.appointments import Appointment
from invitations.domain.exceptions import (
    AppointmentNotFound,
    InvitationNotFound,
    NotAllowed,
    OrganisationUnknown,
)
from invitations.domain.invitations import Invitation
from invitations.domain.model import OrganisationAgreement
from invitations.domain.projections import Placement, current_placement
from invitations.domain.relationships import Relationship
from invitations.domain.roles import TUTOR, time_zone
from invitations.domain.teams import Team
from invitations.service_layer import access
from invitations.service_layer.unit_of_work import InvitationsUnitOfWork
from portal_kit.clock import Clock, local_date
from portal_kit.principal import Principal


@dataclass
class TeamView:
    trainee_id: str
    placement: Placement | None
    invitations: list[Invitation] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    missing_roles: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Acting:
    """One person's right to act for one trainee (a row of "who may act" / "my trainees")."""

    relationship_id: str | None
    trainee_id: str
    person_id: str
    role: str
    organisation_id: str
    place_id: str
    valid_from: date | None
    valid_to: date | None
    trainee_name: str | None = None
    person_name: str | None = None


def agreement(uow: InvitationsUnitOfWork, organisation_id: str) -> OrganisationAgreement:
    """The agreement that governs the organisation (a place of training's holder's)."""
    with uow:
        found = uow.agreements.get(access.holder_of(uow, organisation_id))
        if found is None:
            raise OrganisationUnknown(f"No agreement is known for {organisation_id}.")
        return found


def team(uow: InvitationsUnitOfWork, by: Principal, clock: Clock,
         trainee_id: str | None = None) -> TeamView:
    """The trainee's current LIS1 team (their own, or one an administrator looks at)."""
    trainee_id = trainee_id or by.subject
    with uow:
        placements = uow.known.placements_of(trainee_id)
        if not placements:
            if trainee_id != by.subject:
                raise NotAllowed("No such trainee in your organisations.", code="not_your_team")
            return TeamView(trainee_id, None)
        today = local_date(clock.now(), placements[0].time_zone)
        placement = current_placement(placements, today)
        access.require_team_access(by, trainee_id, (placement or placements[-1])
                                   .agreement_holder_id)
        return _team_view(uow, trainee_id, placement)


def _team_view(uow: InvitationsUnitOfWork, trainee_id: str,
               placement: Placement | None) -> TeamView:
    if placement is None:
        return TeamView(trainee_id, None)
    members = Team(placement, uow.invitations.of_placement(placement.placement_id),
                   uow.relationships.of_placement(placement.placement_id))
    active = [r for r in members.relationships if r.is_active]
    return TeamView(trainee_id, placement, members.invitations, active,
                    members.missing_roles(), _names(uow, [r.person_id for r in active]))


def _names(uow: InvitationsUnitOfWork, person_ids: list[str]) -> dict[str, str]:
    """Names from identity's person events (a person not yet known has none here)."""
    found = {i: uow.known.person(i) for i in set(person_ids)}
    return {i: person.name for i, person in found.items() if person is not None}


def invitation(uow: InvitationsUnitOfWork, by: Principal, invitation_id: str) -> Invitation:
    with uow:
        found = uow.invitations.get(invitation_id)
        if found is None:
            raise InvitationNotFound("No such invitation.")
        access.require_team_access(by, found.trainee_id, found.organisation_id)
        return found


def my_trainees(uow: InvitationsUnitOfWork, by: Principal, clock: Clock) -> list[Acting]:
    """Whom I may act for today: my relationships in force, and, for a tutor, the trainees
    placed (now or planned) in my practices."""
    now = clock.now()
    with uow:
        rows = [_acting(r) for r in uow.relationships.active_of_person(by.subject)
                if r.in_force(_today(uow, r.organisation_id, now))]
        practices = by.organisations_as(TUTOR)
        if practices:
            today = local_date(now, _practice_time_zone(uow, practices))
            rows += [Acting(None, p.trainee_id, by.subject, TUTOR, p.agreement_holder_id,
                            p.place_id, p.starts_on, p.ends_on)
                     for p in uow.known.placements_at(practices, today)]
        return _named(uow, rows)


def who_may_act(uow: InvitationsUnitOfWork, by: Principal, clock: Clock,
                trainee_id: str) -> list[Acting]:
    """Who may act for this trainee today, in which role, until when."""
    now = clock.now()
    with uow:
        active = uow.relationships.active_of_trainee(trainee_id)
        holders = {r.organisation_id for r in active} | {
            p.agreement_holder_id for p in uow.known.placements_of(trainee_id)}
        if not (by.subject == trainee_id or access.is_operator(by)
                or any(r.person_id == by.subject for r in active)
                or any(access.administers(by, h) for h in holders)):
            raise NotAllowed("You may not see who acts for this trainee.",
                             code="not_your_trainee")
        return _named(uow, [_acting(r) for r in active
                            if r.in_force(_today(uow, r.organisation_id, now))])


def organisation_overview(uow: InvitationsUnitOfWork, by: Principal, clock: Clock,
                          organisation_id: str) -> dict[str, Any]:
    """Every LIS1 team and vejleder appointment of an agreement holder (its administrators)."""
    access.require_admin(by, organisation_id)
    now = clock.now()
    with uow:
        teams = []
        for placement in uow.known.placements_of_holder(organisation_id):
            if placement.is_lis1 and placement.ends_on >= local_date(now, placement.time_zone):
                teams.append(_team_view(uow, placement.trainee_id, placement))
        return {"organisation_id": organisation_id, "teams": teams,
                "appointments": uow.appointments.of_organisation(organisation_id)}


def my_practices(uow: InvitationsUnitOfWork, by: Principal) -> list[dict[str, Any]]:
    """The practices I tutor (the departments a vejleder can be appointed to), by name."""
    with uow:
        found = [uow.known.organisation(place) for place in by.organisations_as(TUTOR)]
        return sorted(({"place_id": o.organisation_id, "name": o.name,
                        "agreement_holder_id": o.holder_id} for o in found if o is not None),
                      key=lambda row: row["name"].casefold())


def my_appointments(uow: InvitationsUnitOfWork, by: Principal) -> list[Appointment]:
    with uow:
        return uow.appointments.of_tutor(by.subject)


def appointment(uow: InvitationsUnitOfWork, by: Principal, appointment_id: str) -> Appointment:
    with uow:
        found = uow.appointments.get(appointment_id)
        if found is None or not (found.tutor_id == by.subject
                                 or access.administers(by, found.organisation_id)):
            raise AppointmentNotFound("No such appointment.")
        return found


def audit_of_trainee(uow: InvitationsUnitOfWork, by: Principal, trainee_id: str,
                     read_log: Any, limit: int, before_id: int | None) -> list[Any]:
    """The trainee's invitations and relationships in the audit log, newest first."""
    with uow:
        holders = {p.agreement_holder_id for p in uow.known.placements_of(trainee_id)}
        if not (by.subject == trainee_id or access.is_operator(by)
                or any(access.administers(by, h) for h in holders)):
            raise NotAllowed("Only the trainee and their administrators read this log.",
                             code="not_your_trainee")
        return list(read_log(uow.session, trainee_id=trainee_id, limit=limit,
                             before_id=before_id))


def _named(uow: InvitationsUnitOfWork, rows: list[Acting]) -> list[Acting]:
    names = _names(uow, [i for row in rows for i in (row.trainee_id, row.person_id)])
    return [replace(row, trainee_name=names.get(row.trainee_id),
                    person_name=names.get(row.person_id)) for row in rows]


def _acting(r: Relationship) -> Acting:
    return Acting(r.id, r.trainee_id, r.person_id, r.role, r.organisation_id, r.place_id,
                  r.valid_from, r.valid_to)


def _today(uow: InvitationsUnitOfWork, holder_id: str, now: datetime) -> date:
    holder = uow.known.organisation(holder_id)
    return local_date(now, time_zone(holder.country if holder else None))


def _practice_time_zone(uow: InvitationsUnitOfWork, places: frozenset[str]) -> str:
    first = uow.known.organisation(next(iter(places)))
    return time_zone(first.country if first else "DK")
