"""Finding what a command names, or the named ``NotFound`` error."""
from __future__ import annotations

from identity.domain.exceptions import OrganisationNotFound, PersonNotFound
from identity.domain.model import Organisation
from identity.domain.people import Person
from identity.service_layer.unit_of_work import IdentityUnitOfWork


def get_organisation(uow: IdentityUnitOfWork, organisation_id: str | None) -> Organisation:
    organisation = uow.organisations.get(organisation_id) if organisation_id else None
    if organisation is None:
        raise OrganisationNotFound(f"No organisation {organisation_id}.")
    return organisation


def get_person(uow: IdentityUnitOfWork, person_id: str) -> Person:
    person = uow.people.get(person_id)
    if person is None:
        raise PersonNotFound(f"No person {person_id}.")
    return person


def holder_of(uow: IdentityUnitOfWork, organisation: Organisation) -> Organisation | None:
    """The agreement holder whose agreement covers the organisation (itself for a holder)."""
    if organisation.is_holder:
        return organisation
    return uow.organisations.get(organisation.agreement_holder_id) \
        if organisation.agreement_holder_id else None
