"""A LIS1 leader delegates approval to a named person for a period, and ends it; the
trainees' professional identifiers (HPR number, authorisation id) come from identity."""
from __future__ import annotations

import uuid
from typing import Any

from competencies.domain import signoff_commands as commands
from competencies.domain.attestations import organisation_today
from competencies.domain.signoff_delegation import Delegation
from competencies.domain.signoff_exceptions import NotAssigned, SignOffUnknown
from competencies.service_layer.access import is_operator
from competencies.service_layer.signoff import _commit
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_contracts import identity, read
from portal_kit.clock import Clock
from portal_kit.inbox import idempotent


def present(d: Delegation) -> dict[str, Any]:
    return {"delegation_id": d.id, "leader_id": d.leader_id, "delegate_id": d.delegate_id,
            "organisation_id": d.organisation_id, "valid_from": d.valid_from,
            "valid_to": d.valid_to, "granted_at": d.granted_at, "ended_at": d.ended_at}


def _country(uow: CompetenciesUnitOfWork, organisation_id: str) -> str:
    organisation = uow.known.organisation(organisation_id)
    return organisation.country if organisation else "NO"


def grant(cmd: commands.GrantDelegation, uow: CompetenciesUnitOfWork,
          clock: Clock) -> dict[str, Any]:
    with uow:
        if not uow.sign_offs.leads_in(cmd.by.subject, cmd.organisation_id):
            raise NotAssigned("Only a leader of LIS1 doctors in this organisation delegates "
                              "approval.")
        delegation = Delegation.grant(str(uuid.uuid4()), cmd.by.subject, cmd.delegate_id,
                                      cmd.organisation_id, cmd.valid_from, cmd.valid_to,
                                      clock.now())
        uow.sign_offs.add(delegation)
        uow.track(delegation)
        _commit(uow)
        return present(delegation)


def end(cmd: commands.EndDelegation, uow: CompetenciesUnitOfWork,
        clock: Clock) -> dict[str, Any]:
    with uow:
        delegation = uow.sign_offs.delegation(cmd.delegation_id)
        if delegation is None:
            raise SignOffUnknown("No such delegation.", code="delegation_unknown")
        if cmd.by.subject != delegation.leader_id and not is_operator(cmd.by):
            raise NotAssigned("Only the leader who delegated ends the delegation.")
        uow.track(delegation)
        today = organisation_today(clock.now(), _country(uow, delegation.organisation_id))
        delegation.end(cmd.by.subject, clock.now(), today)
        _commit(uow)
        return present(delegation)


@idempotent("competencies.record_trainee_identifier")
def record_identifier(event: dict[str, Any], uow: CompetenciesUnitOfWork) -> None:
    """Keep the HPR number or Danish authorisation id the authority knows a trainee by."""
    data = read(identity.PersonRegisteredV1, event, only=(
        "person_id", "given_name", "family_name", "hpr_number", "authorisation_id",
        "language"))
    uow.sign_offs.save_identifier(
        data["person_id"], name=f"{data['given_name']} {data['family_name']}".strip(),
        hpr_number=data["hpr_number"], authorisation_id=data["authorisation_id"],
        language=data["language"])
