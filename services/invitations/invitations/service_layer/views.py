from __future__ import annotations

from invitations.domain.exceptions import OrganisationUnknown
from invitations.domain.model import OrganisationAgreement
from invitations.service_layer.unit_of_work import InvitationsUnitOfWork


def agreement(uow: InvitationsUnitOfWork, organisation_id: str) -> OrganisationAgreement:
    with uow:
        found = uow.agreements.get(organisation_id)
        if found is None:
            raise OrganisationUnknown(f"No agreement is known for {organisation_id}.")
        return found
