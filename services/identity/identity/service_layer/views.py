"""Read side: what the HTTP API shows, straight from the tables."""
from __future__ import annotations

from identity.domain.exceptions import OrganisationNotFound
from identity.domain.model import Organisation
from identity.service_layer.unit_of_work import IdentityUnitOfWork


def organisations(uow: IdentityUnitOfWork) -> list[Organisation]:
    with uow:
        return uow.organisations.list()


def organisation(uow: IdentityUnitOfWork, organisation_id: str) -> Organisation:
    with uow:
        found = uow.organisations.get(organisation_id)
        if found is None:
            raise OrganisationNotFound(f"No organisation {organisation_id}.")
        return found
