"""Competencies' reactions to other services' events."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from competencies.domain.model import OrganisationAgreement
from competencies.schemas.events import DPA_SIGNED, DPA_TERMINATED, AgreementChangedIn
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_kit.inbox import idempotent


@idempotent("competencies.record_agreement_signed")
def record_agreement_signed(event: dict[str, Any], uow: CompetenciesUnitOfWork) -> None:
    _record(event, uow, in_force=True)


@idempotent("competencies.record_agreement_terminated")
def record_agreement_terminated(event: dict[str, Any], uow: CompetenciesUnitOfWork) -> None:
    _record(event, uow, in_force=False)


def _record(event: dict[str, Any], uow: CompetenciesUnitOfWork, in_force: bool) -> None:
    data = AgreementChangedIn().load(event["data"])
    at = datetime.fromisoformat(event["time"])
    agreement = uow.agreements.get_for_update(data["organisation_id"])
    if agreement is None:
        uow.agreements.add(OrganisationAgreement(
            data["organisation_id"], data["organisation_name"], data["agreement_version"],
            in_force, at))
    else:
        agreement.apply(data["agreement_version"], in_force, at, data["organisation_name"])


EVENT_HANDLERS = {
    DPA_SIGNED: [record_agreement_signed],
    DPA_TERMINATED: [record_agreement_terminated],
}
