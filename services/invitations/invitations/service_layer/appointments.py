"""Vejleder appointments (Denmark): appoint, change, end, and keep their relationships true."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from invitations.config import Settings
from invitations.domain import commands
from invitations.domain.appointments import PLACEMENT_ENDED, Appointment, Scope, Window
from invitations.domain.exceptions import (
    AppointmentNotFound,
    ContactRequired,
    DepartmentRequired,
    NotAllowed,
    NotYourPractice,
    OrganisationUnknown,
    OwnAppointment,
    TraineeNotYours,
)
from invitations.domain.messages import VEJLEDER_ACCESS, MailRequest
from invitations.domain.roles import TIME_ZONES, TUTOR, time_zone
from invitations.service_layer import access
from invitations.service_layer.unit_of_work import InvitationsUnitOfWork
from portal_kit.clock import Clock, local_date
from portal_kit.principal import Principal


def appoint(command: commands.Appoint, uow: InvitationsUnitOfWork, clock: Clock,
            settings: Settings) -> Appointment:
    with uow:
        place_id = _practice(command.by, command.place_id)
        holder_id, country = _holder(uow, place_id)
        access.require_agreement(uow, holder_id)
        now = clock.now()
        today = local_date(now, time_zone(country))
        window = Window(command.valid_from, command.valid_to)
        scope = _scope(uow, place_id, command.all_trainees, command.trainee_ids, today)
        person = uow.known.person_by_authorisation(command.authorisation_id)
        if person is None and not (command.email and command.mobile):
            raise ContactRequired("The person has no profile yet: give their e-mail and "
                                  "mobile number.", errors={"email": ["Required."],
                                                            "mobile": ["Required."]})
        if person is not None and person.person_id == command.by.subject:
            raise OwnAppointment("A tutor cannot appoint themself vejleder.")
        appointment = uow.add(Appointment.make(
            tutor_id=command.by.subject, place_id=place_id, organisation_id=holder_id,
            authorisation_id=command.authorisation_id.upper(),
            given_name=command.given_name, family_name=command.family_name,
            email=command.email or (person.email if person else None), mobile=command.mobile,
            window=window, scope=scope, send_access_email=command.send_access_email,
            person_id=person.person_id if person else None, at=now))
        uow.appointments.add(appointment)
        _reconcile(uow, appointment, today, now, command.by.subject)
        if command.send_access_email and appointment.email:
            uow.request_mail(_access_mail(uow, appointment, person.language if person else None,
                                          country, settings, command.by))
        uow.commit()
        return appointment


def change(command: commands.ChangeAppointment, uow: InvitationsUnitOfWork,
           clock: Clock) -> Appointment:
    with uow:
        appointment = _appointment(uow, command.appointment_id, command.by)
        _, country = _holder(uow, appointment.place_id)
        access.require_agreement(uow, appointment.place_id)
        now = clock.now()
        today = local_date(now, time_zone(country))
        window = Window(command.valid_from, command.valid_to)
        scope = _scope(uow, appointment.place_id, command.all_trainees, command.trainee_ids,
                       today)
        appointment.change(window, scope, now, command.by.subject)
        _reconcile(uow, appointment, today, now, command.by.subject)
        uow.commit()
        return appointment


def end(command: commands.EndAppointment, uow: InvitationsUnitOfWork,
        clock: Clock) -> Appointment:
    with uow:
        appointment = _appointment(uow, command.appointment_id, command.by)
        now = clock.now()
        appointment.end(now, command.by.subject, command.reason)
        _reconcile(uow, appointment, now.date(), now, command.by.subject)
        uow.commit()
        return appointment


def reconcile_place(uow: InvitationsUnitOfWork, place_id: str, now: datetime,
                    left: str = PLACEMENT_ENDED) -> None:
    """Trainees came to or left a place: its appointments follow (a trainee whose
    placement there ended or was cancelled loses its vejledere; ``left`` says which)."""
    for appointment in uow.appointments.active_at_place(place_id):
        _, country = _holder(uow, place_id)
        _reconcile(uow, appointment, local_date(now, time_zone(country)), now, "system", left)


def end_finished_placements(uow: InvitationsUnitOfWork, now: datetime) -> int:
    """The sweep: vejleder relationships of trainees whose placement at the practice has
    ended (by its dates, with no later one there) end, with ``placement_ended``."""
    places = uow.relationships.places_with_unplaced_vejleder(_earliest_local_day(now))
    for place_id in places:
        reconcile_place(uow, place_id, now)
    return len(places)


def bind_person(uow: InvitationsUnitOfWork, authorisation_id: str | None, person_id: str,
                now: datetime) -> None:
    """A vejleder appointed before registering has registered: their access starts."""
    if not authorisation_id:
        return
    for appointment in uow.appointments.awaiting_person(authorisation_id):
        appointment.person_id = person_id
        _, country = _holder(uow, appointment.place_id)
        _reconcile(uow, appointment, local_date(now, time_zone(country)), now, "system")


def _reconcile(uow: InvitationsUnitOfWork, appointment: Appointment, today: date,
               now: datetime, by: str, left: str = PLACEMENT_ENDED) -> None:
    existing = uow.relationships.of_source(appointment.id)
    placed = {p.trainee_id for p in uow.known.placements_at([appointment.place_id], today)}
    for granted in appointment.reconcile(placed, existing, today, now, by, left):
        uow.relationships.add(granted)
        uow.add(granted)
    for relationship in existing:
        uow.add(relationship)


def _earliest_local_day(now: datetime) -> date:
    """The earliest date it is anywhere the portal serves (a placement has ended only once
    its last day is over in its own time zone; the reconcile checks it exactly)."""
    return min(local_date(now, zone) for zone in TIME_ZONES.values())


def _practice(by: Principal, place_id: str | None) -> str:
    practices = by.organisations_as(TUTOR)
    if not practices:
        raise NotAllowed("Only a tutor appoints vejledere.", code="not_a_tutor")
    if place_id is None:
        if len(practices) > 1:
            raise DepartmentRequired("You tutor in several practices: choose the department.",
                                     errors={"place_id": ["Required."]})
        return next(iter(practices))
    if place_id not in practices:
        raise NotYourPractice("You are not a tutor of that practice.")
    return place_id


def _holder(uow: InvitationsUnitOfWork, place_id: str) -> tuple[str, str]:
    place = uow.known.organisation(place_id)
    if place is None:
        raise OrganisationUnknown("The practice is not known to the portal yet.")
    return place.holder_id, place.country


def _scope(uow: InvitationsUnitOfWork, place_id: str, all_trainees: bool,
           trainee_ids: tuple[str, ...], today: date) -> Scope:
    if all_trainees:
        return Scope(True)
    placed = {p.trainee_id for p in uow.known.placements_at([place_id], today)}
    strangers = sorted(set(trainee_ids) - placed)
    if strangers or not trainee_ids:
        raise TraineeNotYours("Choose trainees who are placed in your practice, or all of "
                              "them.", errors={"trainee_ids": strangers or ["Required."]})
    return Scope(False, tuple(sorted(set(trainee_ids))))


def _appointment(uow: InvitationsUnitOfWork, appointment_id: str,
                 by: Principal) -> Appointment:
    appointment = uow.appointments.get(appointment_id, lock=True)
    if appointment is None:
        raise AppointmentNotFound("No such appointment.")
    if appointment.tutor_id != by.subject and not access.administers(
            by, appointment.organisation_id):
        raise NotAllowed("Only the tutor who made the appointment (or the region's "
                         "administrators) may change it.", code="not_your_appointment")
    return uow.add(appointment)


def _access_mail(uow: InvitationsUnitOfWork, appointment: Appointment, language: str | None,
                 country: str, settings: Settings, by: Principal) -> MailRequest:
    """notifications' SendVejlederAccessV1."""
    tutor = uow.known.person(by.subject)
    practice = uow.known.organisation(appointment.place_id)
    holder = uow.known.organisation(appointment.organisation_id)
    names = [] if appointment.all_trainees else [
        p.name for p in (uow.known.person(t) for t in appointment.trainee_ids) if p]
    assert appointment.email is not None
    return MailRequest(
        kind=VEJLEDER_ACCESS, request_id=str(uuid.uuid4()),
        subject=f"appointments/{appointment.id}", data={
            "appointment_id": appointment.id,
            "recipient": {"person_id": appointment.person_id,
                          "name": f"{appointment.given_name} {appointment.family_name}",
                          "email": appointment.email, "mobile": appointment.mobile,
                          "language": language},
            "tutor_id": by.subject,
            "tutor_name": tutor.name if tutor else str(by.claims.get("name") or "-")[:300],
            "practice_name": practice.name if practice else "-",
            "organisation_id": appointment.organisation_id,
            "organisation_name": holder.name if holder else "-", "country": country,
            "valid_from": appointment.valid_from, "valid_to": appointment.valid_to,
            "trainee_names": names, "link": settings.login_url})
