"""Repositories of identity's aggregates; every aggregate handed out is tracked, so its
events and audit entries reach the outbox and the audit log on commit."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from identity.adapters import orm
from identity.domain.agreements import AgreementText
from identity.domain.model import Organisation, OrganisationKind
from identity.domain.people import Membership, Person

Track = Callable[[Any], Any]


class _Repository:
    def __init__(self, session: Session, track: Track) -> None:
        self.session = session
        self.track = track

    def add(self, aggregate: Any) -> None:
        self.session.add(self.track(aggregate))

    def _one(self, statement: Any) -> Any:
        found = self.session.scalars(statement).first()
        return self.track(found) if found is not None else None


class OrganisationRepository(_Repository):
    def get(self, organisation_id: str) -> Organisation | None:
        organisation = self.session.get(Organisation, organisation_id)
        return self.track(organisation) if organisation is not None else None

    def get_by_number(self, country: str, organisation_number: str) -> Organisation | None:
        return self._one(select(Organisation).where(
            Organisation.country == country,
            Organisation.organisation_number == organisation_number))

    def get_by_code(self, country: str, kind: OrganisationKind, code: str) -> Organisation | None:
        return self._one(select(Organisation).where(
            Organisation.country == country, Organisation.kind == kind,
            Organisation.code == code))

    def get_many(self, ids: Iterable[str]) -> dict[str, Organisation]:
        wanted = set(ids)
        if not wanted:
            return {}
        found = self.session.scalars(select(Organisation).where(Organisation.id.in_(wanted)))
        return {o.id: o for o in found}

    def list(self, kinds: Iterable[OrganisationKind] | None = None,
             holder_id: str | None = None) -> list[Organisation]:
        statement = select(Organisation).order_by(Organisation.country, Organisation.name)
        if kinds is not None:
            statement = statement.where(Organisation.kind.in_(list(kinds)))
        if holder_id is not None:
            statement = statement.where(Organisation.agreement_holder_id == holder_id)
        return list(self.session.scalars(statement))


    def agreement_statuses(self, kinds: Iterable[OrganisationKind]) -> list[Any]:
        """The public list's columns of every organisation of these kinds, as read-only rows
        (no aggregate is built: building 384 of them was most of the list's cost)."""
        t = orm.organisations
        return list(self.session.execute(
            select(t.c.id, t.c.name, t.c.kind, t.c.country, t.c.code, t.c.agreement_status,
                   t.c.agreement_text_version, t.c.signed_at, t.c.terminated_at)
            .where(t.c.kind.in_(list(kinds))).order_by(t.c.country, t.c.name)))


class AgreementTextRepository(_Repository):
    def get(self, version: int) -> AgreementText | None:
        return self.session.get(AgreementText, version)

    def latest(self) -> AgreementText | None:
        return self.session.scalars(
            select(AgreementText).order_by(AgreementText.version.desc())).first()

    def list(self) -> list[AgreementText]:
        return list(self.session.scalars(
            select(AgreementText).order_by(AgreementText.version.desc())))


class PersonRepository(_Repository):
    def get(self, person_id: str) -> Person | None:
        person = self.session.get(Person, person_id)
        return self.track(person) if person is not None else None

    def by_national_id_hash(self, digest: str) -> Person | None:
        return self._one(select(Person).where(Person.national_id_hash == digest))

    def by_hpr_number(self, hpr_number: str) -> Person | None:
        return self._one(select(Person).where(Person.hpr_number == hpr_number))

    def by_authorisation_id(self, authorisation_id: str) -> Person | None:
        return self._one(select(Person).where(Person.dk_authorisation_id == authorisation_id))

    def by_email(self, email: str) -> Person | None:
        return self._one(select(Person).where(func.lower(Person.email) == email.lower()))

    def email_taken(self, email: str, by_other_than: str | None = None) -> bool:
        statement = select(func.count()).select_from(Person).where(
            func.lower(Person.email) == email.lower())
        if by_other_than:
            statement = statement.where(Person.id != by_other_than)
        return bool(self.session.scalar(statement))

    def of_organisations(self, organisation_ids: Iterable[str]) -> list[Person]:
        """Members of these organisations and profiles created on their behalf."""
        ids = list(organisation_ids)
        members = select(Membership.person_id).where(Membership.organisation_id.in_(ids))
        statement = select(Person).where(
            Person.id.in_(members) | Person.organisation_id.in_(ids)).order_by(
            Person.family_name, Person.given_name)
        return list(self.session.scalars(statement))
