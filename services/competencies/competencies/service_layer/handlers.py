"""Competencies' reactions to other services' events."""
from __future__ import annotations

from typing import Any

from competencies.domain.model import OrganisationAgreement
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_contracts.agreements import record_agreement_change
from portal_contracts.identity import DPA_SIGNED_V2, DPA_TERMINATED_V2, agreement_change
from portal_kit.inbox import idempotent


@idempotent("competencies.record_agreement_change")
def record_agreement(event: dict[str, Any], uow: CompetenciesUnitOfWork) -> None:
    """Keep this service's record of the organisation's agreement up to date."""
    record_agreement_change(uow.agreements, agreement_change(event), OrganisationAgreement)


EVENT_HANDLERS = {
    DPA_SIGNED_V2: [record_agreement],
    DPA_TERMINATED_V2: [record_agreement],
}
