"""Repositories: the unit of work's way to the tables (SQLAlchemy stays here)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from invitations.adapters import orm
from invitations.domain.appointments import Appointment
from invitations.domain.invitations import PENDING, Invitation
from invitations.domain.model import OrganisationAgreement
from invitations.domain.projections import Organisation, Person, Placement
from invitations.domain.relationships import ACTIVE, APPOINTMENT, Relationship


class AgreementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, agreement: OrganisationAgreement) -> None:
        self.session.add(agreement)

    def get(self, organisation_id: str) -> OrganisationAgreement | None:
        return self.session.get(OrganisationAgreement, organisation_id)

    def get_for_update(self, organisation_id: str) -> OrganisationAgreement | None:
        """The record, locked until commit: concurrent events for one organisation
        apply one after the other, so a record never moves back."""
        return self.session.get(OrganisationAgreement, organisation_id, with_for_update=True)


class ProjectionRepository:
    """Placements, people and organisations as other services' events describe them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: Placement | Person | Organisation) -> None:
        self.session.add(record)

    def placement(self, placement_id: str, lock: bool = False) -> Placement | None:
        return self.session.get(Placement, placement_id, with_for_update=lock)

    def placements_of(self, trainee_id: str) -> list[Placement]:
        return list(self.session.scalars(select(Placement).where(
            orm.placements.c.trainee_id == trainee_id).order_by(orm.placements.c.starts_on)))

    def placements_of_enrolment(self, enrolment_id: str) -> list[Placement]:
        return list(self.session.scalars(select(Placement).where(
            orm.placements.c.enrolment_id == enrolment_id)))

    def placements_at(self, place_ids: Iterable[str], from_day: date) -> list[Placement]:
        """Current and planned placements at these places."""
        return list(self.session.scalars(select(Placement).where(
            orm.placements.c.place_id.in_(list(place_ids)),
            orm.placements.c.ends_on >= from_day,
            orm.placements.c.cancelled.is_(False))))

    def placements_of_holder(self, holder_id: str) -> list[Placement]:
        return list(self.session.scalars(select(Placement).where(
            orm.placements.c.agreement_holder_id == holder_id,
            orm.placements.c.cancelled.is_(False))))

    def person(self, person_id: str) -> Person | None:
        return self.session.get(Person, person_id)

    def person_by_authorisation(self, authorisation_id: str) -> Person | None:
        return self.session.scalars(select(Person).where(
            orm.people.c.authorisation_id == authorisation_id.upper())).first()

    def organisation(self, organisation_id: str) -> Organisation | None:
        return self.session.get(Organisation, organisation_id)


class InvitationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, invitation: Invitation) -> None:
        self.session.add(invitation)

    def get(self, invitation_id: str, lock: bool = False) -> Invitation | None:
        return self.session.get(Invitation, invitation_id, with_for_update=lock)

    def by_digest(self, digest: str) -> Invitation | None:
        return self.session.scalars(select(Invitation).where(
            orm.invitations.c.link_digest == digest)).first()

    def of_placement(self, placement_id: str) -> list[Invitation]:
        return list(self.session.scalars(select(Invitation).where(
            orm.invitations.c.placement_id == placement_id)
            .order_by(orm.invitations.c.invited_at)))

    def due(self, now: datetime, remind_until: datetime, batch: int) -> list[Invitation]:
        """Pending invitations past expiry or inside the reminder period, each claimed
        (locked, skipping rows another replica holds) until this transaction ends."""
        t = orm.invitations.c
        return list(self.session.scalars(
            select(Invitation).where(t.state == PENDING, or_(
                t.expires_at <= now,
                (t.reminded_at.is_(None)) & (t.expires_at <= remind_until)))
            .order_by(t.expires_at).limit(batch)
            .with_for_update(skip_locked=True)))


class RelationshipRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, relationship: Relationship) -> None:
        self.session.add(relationship)

    def get(self, relationship_id: str) -> Relationship | None:
        return self.session.get(Relationship, relationship_id, with_for_update=True)

    def of_placement(self, placement_id: str) -> list[Relationship]:
        return list(self.session.scalars(select(Relationship).where(
            orm.relationships.c.placement_id == placement_id)))

    def of_source(self, source_id: str) -> list[Relationship]:
        return list(self.session.scalars(select(Relationship).where(
            orm.relationships.c.source_id == source_id)))

    def active_of_trainee(self, trainee_id: str) -> list[Relationship]:
        return list(self.session.scalars(select(Relationship).where(
            orm.relationships.c.trainee_id == trainee_id,
            orm.relationships.c.state == ACTIVE).order_by(orm.relationships.c.granted_at)))

    def places_with_unplaced_vejleder(self, day: date) -> list[str]:
        """Practices with a vejleder relationship in force for a trainee who has no
        placement there ending on ``day`` or later (it ended, or was cancelled)."""
        r, p = orm.relationships.c, orm.placements.c
        still_placed = select(p.placement_id).where(
            p.trainee_id == r.trainee_id, p.place_id == r.place_id, p.ends_on >= day,
            p.cancelled.is_(False)).exists()
        return list(self.session.scalars(select(r.place_id).where(
            r.state == ACTIVE, r.source == APPOINTMENT, ~still_placed).distinct()))

    def active_of_person(self, person_id: str) -> list[Relationship]:
        return list(self.session.scalars(select(Relationship).where(
            orm.relationships.c.person_id == person_id,
            orm.relationships.c.state == ACTIVE).order_by(orm.relationships.c.granted_at)))


class AppointmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, appointment: Appointment) -> None:
        self.session.add(appointment)

    def get(self, appointment_id: str, lock: bool = False) -> Appointment | None:
        return self.session.get(Appointment, appointment_id, with_for_update=lock)

    def of_tutor(self, tutor_id: str) -> list[Appointment]:
        return list(self.session.scalars(select(Appointment).where(
            orm.appointments.c.tutor_id == tutor_id)
            .order_by(orm.appointments.c.appointed_at)))

    def of_organisation(self, organisation_id: str) -> list[Appointment]:
        return list(self.session.scalars(select(Appointment).where(
            orm.appointments.c.organisation_id == organisation_id)
            .order_by(orm.appointments.c.appointed_at)))

    def active_at_place(self, place_id: str) -> list[Appointment]:
        """Locked in id order until commit: two reconciles of one practice (an event and
        the sweep, or two replicas) take turns, so nothing ends or is granted twice."""
        return list(self.session.scalars(select(Appointment).where(
            orm.appointments.c.place_id == place_id,
            orm.appointments.c.state == ACTIVE)
            .order_by(orm.appointments.c.id).with_for_update()))

    def awaiting_person(self, authorisation_id: str) -> list[Appointment]:
        return list(self.session.scalars(select(Appointment).where(
            orm.appointments.c.authorisation_id == authorisation_id.upper(),
            orm.appointments.c.person_id.is_(None),
            orm.appointments.c.state == ACTIVE)))
