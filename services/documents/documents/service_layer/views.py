from __future__ import annotations

from documents.domain.exceptions import OrganisationUnknown
from documents.domain.model import OrganisationAgreement
from documents.service_layer.unit_of_work import DocumentsUnitOfWork


def agreement(uow: DocumentsUnitOfWork, organisation_id: str) -> OrganisationAgreement:
    with uow:
        found = uow.agreements.get(organisation_id)
        if found is None:
            raise OrganisationUnknown(f"No agreement is known for {organisation_id}.")
        return found
