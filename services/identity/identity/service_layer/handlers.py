"""Identity's use cases for organisations and agreements: functions of (command, uow, ...).

``COMMAND_HANDLERS`` routes every command of the service, from this module and its
siblings (people, protocol, login).
"""
from __future__ import annotations

from identity.domain import commands
from identity.domain.agreements import EID, PAPER, AgreementText, Signature
from identity.domain.exceptions import (
    NoAgreementText,
    NotAnAgreementHolder,
    NotASignatory,
    OrganisationExists,
    UnknownAgreementTextVersion,
)
from identity.domain.model import Organisation, OrganisationKind, Party
from identity.domain.numbers import check_organisation_number
from identity.domain.people import Role
from identity.service_layer import access, clients, login, people, protocol, reference
from identity.service_layer.lookups import get_organisation
from identity.service_layer.unit_of_work import IdentityUnitOfWork
from portal_kit.clock import Clock
from portal_kit.principal import Principal


def register_organisation(command: commands.RegisterOrganisation, uow: IdentityUnitOfWork,
                          clock: Clock) -> Organisation:
    with uow:
        holder = get_organisation(uow, command.agreement_holder_id) \
            if command.agreement_holder_id else None
        if holder is not None and holder.kind is OrganisationKind.OPERATOR:
            raise NotAnAgreementHolder("The operator holds no places of training.")
        access.require_operator_or_admin(command.by, holder, "organisations")
        _refuse_duplicate(uow, command)
        organisation = Organisation.register(
            name=command.name, kind=OrganisationKind(command.kind), country=command.country,
            organisation_number=command.organisation_number,
            contact_email=command.contact_email, code=command.code, holder=holder,
            at=clock.now(), actor=command.by.subject)
        uow.organisations.add(organisation)
        uow.commit()
        return organisation


def _refuse_duplicate(uow: IdentityUnitOfWork, command: commands.RegisterOrganisation) -> None:
    number, code = command.organisation_number, command.code
    if number:
        number = check_organisation_number(command.country, number)
    if number and uow.organisations.get_by_number(command.country, number):
        raise OrganisationExists(f"Organisation number {number} is registered already.")
    if code and uow.organisations.get_by_code(command.country, OrganisationKind(command.kind),
                                              code):
        raise OrganisationExists(f"The {command.kind} with code {code} is registered already.")


def onboard_organisation(command: commands.OnboardOrganisation, uow: IdentityUnitOfWork,
                         clock: Clock) -> Organisation:
    with uow:
        access.require_operator(command.by, "organisations")
        organisation = get_organisation(uow, command.organisation_id)
        number = command.organisation_number
        number = check_organisation_number(organisation.country, number) if number else None
        other = uow.organisations.get_by_number(organisation.country, number) if number else None
        if other is not None and other.id != organisation.id:
            raise OrganisationExists(f"Organisation number {number} is registered already.")
        organisation.onboard(number, command.contact_email, clock.now(), command.by.subject)
        uow.commit()
        return organisation


def publish_agreement_text(command: commands.PublishAgreementText, uow: IdentityUnitOfWork,
                           clock: Clock) -> AgreementText:
    with uow:
        access.require_operator(command.by, "agreements")
        latest = uow.agreement_texts.latest()
        text = AgreementText.publish((latest.version if latest else 0) + 1, command.title,
                                     command.body, clock.now(), command.by.subject)
        uow.agreement_texts.add(text)
        uow.commit()
        return text


def sign_agreement(command: commands.SignAgreement, uow: IdentityUnitOfWork,
                   clock: Clock) -> Organisation:
    with uow:
        organisation = get_organisation(uow, command.organisation_id)
        text = _text(uow, command.text_version)
        signature = _signature(uow, command, organisation)
        organisation.sign_agreement(text, signature, clock.now(), command.by.subject)
        uow.commit()
        return organisation


def _signature(uow: IdentityUnitOfWork, command: commands.SignAgreement,
               organisation: Organisation) -> Signature:
    by = command.by
    if access.is_operator(by) and command.signatory_name:
        access.require_operator(by, "agreements")
        return Signature(command.signatory_name, PAPER)
    person = uow.people.get(by.subject)
    if person is None or person.membership(organisation.id, Role.SIGNATORY) is None:
        raise NotASignatory(f"You are not a designated signatory of {organisation.name}.")
    return Signature(person.name, EID, person.id)


def _text(uow: IdentityUnitOfWork, version: int | None) -> AgreementText:
    if version is None:
        latest = uow.agreement_texts.latest()
        if latest is None:
            raise NoAgreementText("The operator has published no agreement text yet.")
        return latest
    text = uow.agreement_texts.get(version)
    if text is None:
        raise UnknownAgreementTextVersion(f"No agreement text version {version}.")
    return text


def terminate_agreement(command: commands.TerminateAgreement, uow: IdentityUnitOfWork,
                        clock: Clock) -> Organisation:
    with uow:
        organisation = get_organisation(uow, command.organisation_id)
        party = Party(command.terminated_by_party)
        if not _may_terminate(uow, command.by, organisation, party):
            raise NotASignatory(f"You may not terminate {organisation.name}'s agreement.")
        organisation.terminate_agreement(party, command.reason, clock.now(), command.by.subject)
        uow.commit()
        return organisation


def _may_terminate(uow: IdentityUnitOfWork, by: Principal, organisation: Organisation,
                   party: Party) -> bool:
    if access.is_operator(by):
        access.require_operator(by, "agreements")
        return True
    person = uow.people.get(by.subject)
    return party is Party.ORGANISATION and person is not None and \
        person.membership(organisation.id, Role.SIGNATORY) is not None


COMMAND_HANDLERS = {
    commands.RegisterOrganisation: register_organisation,
    commands.OnboardOrganisation: onboard_organisation,
    commands.PublishAgreementText: publish_agreement_text,
    commands.SignAgreement: sign_agreement,
    commands.TerminateAgreement: terminate_agreement,
    **people.COMMAND_HANDLERS,
    **clients.COMMAND_HANDLERS,
    **reference.COMMAND_HANDLERS,
    **protocol.COMMAND_HANDLERS,
    **login.COMMAND_HANDLERS,
}
