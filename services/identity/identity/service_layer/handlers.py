"""Identity's use cases: plain functions of (command, uow, dependencies)."""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from identity.domain import commands
from identity.domain.exceptions import (
    InvalidClient,
    OrganisationExists,
    OrganisationNotFound,
    UnsupportedGrantType,
)
from identity.domain.model import Organisation, OrganisationKind, Party
from identity.service_layer.unit_of_work import IdentityUnitOfWork
from portal_kit.clock import Clock


@dataclass(frozen=True)
class Client:
    """A machine client allowed the client-credentials grant (the operator's bootstrap client)."""

    client_id: str
    secret: str
    roles: tuple[str, ...]


def register_organisation(command: commands.RegisterOrganisation, uow: IdentityUnitOfWork,
                          clock: Clock) -> Organisation:
    with uow:
        if uow.organisations.get_by_number(command.country, command.organisation_number):
            raise OrganisationExists(
                f"Organisation number {command.organisation_number} is registered already.")
        organisation = Organisation.register(
            name=command.name, kind=OrganisationKind(command.kind), country=command.country,
            organisation_number=command.organisation_number,
            contact_email=command.contact_email, at=clock.now(), actor=command.actor)
        uow.organisations.add(organisation)
        uow.commit()
        return organisation


def sign_agreement(command: commands.SignAgreement, uow: IdentityUnitOfWork,
                   clock: Clock) -> Organisation:
    with uow:
        organisation = _get(uow, command.organisation_id)
        organisation.sign_agreement(command.signatory_name, clock.now(), command.actor)
        uow.commit()
        return organisation


def terminate_agreement(command: commands.TerminateAgreement, uow: IdentityUnitOfWork,
                        clock: Clock) -> Organisation:
    with uow:
        organisation = _get(uow, command.organisation_id)
        organisation.terminate_agreement(Party(command.terminated_by_party), command.reason,
                                         clock.now(), command.actor)
        uow.commit()
        return organisation


def issue_token(command: commands.IssueToken, uow: IdentityUnitOfWork,
                clients: dict[str, Client], tokens: Any) -> dict[str, Any]:
    if command.grant_type != "client_credentials":
        raise UnsupportedGrantType(f"Grant type '{command.grant_type}' is not supported here.")
    client = clients.get(command.client_id)
    if client is None or not hmac.compare_digest(client.secret.encode(),
                                                 command.client_secret.encode()):
        raise InvalidClient("Unknown client or wrong secret.")
    token, expires_in = tokens.issue(client.client_id, list(client.roles))
    return {"access_token": token, "token_type": "Bearer", "expires_in": expires_in}


def _get(uow: IdentityUnitOfWork, organisation_id: str) -> Organisation:
    organisation = uow.organisations.get(organisation_id)
    if organisation is None:
        raise OrganisationNotFound(f"No organisation {organisation_id}.")
    return organisation


COMMAND_HANDLERS = {
    commands.RegisterOrganisation: register_organisation,
    commands.SignAgreement: sign_agreement,
    commands.TerminateAgreement: terminate_agreement,
    commands.IssueToken: issue_token,
}
