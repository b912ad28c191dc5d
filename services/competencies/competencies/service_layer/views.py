from __future__ import annotations

from competencies.domain.exceptions import OrganisationUnknown
from competencies.domain.model import OrganisationAgreement
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork


def agreement(uow: CompetenciesUnitOfWork, organisation_id: str) -> OrganisationAgreement:
    with uow:
        found = uow.agreements.get(organisation_id)
        if found is None:
            raise OrganisationUnknown(f"No agreement is known for {organisation_id}.")
        return found
