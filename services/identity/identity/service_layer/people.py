"""People's use cases: profiles from the register, registration, contact data, memberships."""
from __future__ import annotations

from collections.abc import Callable

from identity.domain import commands
from identity.domain.exceptions import (
    EmailTaken,
    InvalidMembership,
    PersonExists,
    RegisterEntryNotFound,
    UnknownPerson,
)
from identity.domain.national_id import NationalId, national_id
from identity.domain.people import Contact, Person, Role
from identity.domain.register import AuthorisationRegister, RegisterEntry
from identity.service_layer import access
from identity.service_layer.lookups import get_organisation, get_person, holder_of
from identity.service_layer.unit_of_work import IdentityUnitOfWork
from portal_kit.clock import Clock

Hasher = Callable[[NationalId], str]


def create_profile(command: commands.CreateProfile, uow: IdentityUnitOfWork, clock: Clock,
                   register: AuthorisationRegister, hash_national_id: Hasher,
                   allow_synthetic_ids: bool) -> Person:
    with uow:
        organisation = get_organisation(uow, command.organisation_id) \
            if command.organisation_id else None
        holder = holder_of(uow, organisation) if organisation else None
        access.require_operator_or_admin(command.by, holder, "people")
        entry = _register_entry(command, register)
        digest = hash_national_id(national_id(
            command.country, command.national_id, allow_synthetic=allow_synthetic_ids)) \
            if command.national_id else None
        contact = _contact(command, entry)
        _refuse_existing(uow, entry, digest, contact.email)
        person = Person.create_profile(
            country=command.country, contact=contact, at=clock.now(), actor=command.by.subject,
            hpr_number=entry.hpr_number if entry else None,
            authorisation_id=entry.authorisation_id if entry else None,
            national_id_hash=digest, organisation_id=command.organisation_id)
        uow.people.add(person)
        uow.commit()
        return person


def _register_entry(command: commands.CreateProfile,
                    register: AuthorisationRegister) -> RegisterEntry | None:
    register_id = command.hpr_number if command.country == "NO" else command.authorisation_id
    if not register_id:
        if not (command.national_id and command.given_name and command.family_name):
            raise InvalidMembership("Name a register entry (HPR number or authorisation id), "
                                    "or give the national id and the names.",
                                    code="profile_source_missing")
        return None
    entry = register.get(command.country, register_id.upper() if command.country == "DK"
                         else register_id)
    if entry is None:
        raise RegisterEntryNotFound("The register has no such entry.")
    return entry


def _contact(command: commands.CreateProfile, entry: RegisterEntry | None) -> Contact:
    given = entry.given_name if entry else str(command.given_name)
    family = entry.family_name if entry else str(command.family_name)
    email = command.email.lower() if command.email else None
    return Contact(given, family, email, command.mobile)


def _refuse_existing(uow: IdentityUnitOfWork, entry: RegisterEntry | None, digest: str | None,
                     email: str | None) -> None:
    found = None
    if entry and entry.hpr_number:
        found = uow.people.by_hpr_number(entry.hpr_number)
    elif entry and entry.authorisation_id:
        found = uow.people.by_authorisation_id(entry.authorisation_id)
    if found is None and digest:
        found = uow.people.by_national_id_hash(digest)
    if found is not None:
        raise PersonExists("This person has a profile already.")
    if email and uow.people.email_taken(email):
        raise EmailTaken("This e-mail address belongs to another person.")


def register(command: commands.Register, uow: IdentityUnitOfWork, clock: Clock) -> Person:
    with uow:
        person = get_person(uow, command.person_id)
        email = command.email.lower()
        if uow.people.email_taken(email, by_other_than=person.id):
            raise EmailTaken("This e-mail address belongs to another person.")
        person.register(Contact(command.given_name, command.family_name, email,
                                command.mobile, command.language), clock.now())
        uow.commit()
        return person


def change_contact(command: commands.ChangeContact, uow: IdentityUnitOfWork,
                   clock: Clock) -> Person:
    with uow:
        person = get_person(uow, command.person_id)
        changes = dict(command.changes)
        if changes.get("email"):
            changes["email"] = str(changes["email"]).lower()
            if uow.people.email_taken(changes["email"], by_other_than=person.id):
                raise EmailTaken("This e-mail address belongs to another person.")
        if changes:
            person.change_contact(changes, clock.now())
        uow.commit()
        return person


def grant_membership(command: commands.GrantMembership, uow: IdentityUnitOfWork,
                     clock: Clock) -> Person:
    return _membership(command, uow, clock, grant=True)


def withdraw_membership(command: commands.WithdrawMembership, uow: IdentityUnitOfWork,
                        clock: Clock) -> Person:
    return _membership(command, uow, clock, grant=False)


def _membership(command: commands.GrantMembership | commands.WithdrawMembership,
                uow: IdentityUnitOfWork, clock: Clock, grant: bool) -> Person:
    with uow:
        role = Role(command.role)
        organisation = get_organisation(uow, command.organisation_id)
        holder = holder_of(uow, organisation)
        access.require_may_grant(command.by, role, organisation, holder)
        access.check_membership_fits(role, organisation)
        person = uow.people.get(command.person_id)
        if person is None:
            raise UnknownPerson(f"No person {command.person_id}.")
        holder_id = holder.id if holder else organisation.id
        if grant:
            person.grant(organisation.id, holder_id, role, clock.now(), command.by.subject)
        else:
            reason = getattr(command, "reason", None)
            person.withdraw(organisation.id, holder_id, role, clock.now(), command.by.subject,
                            reason)
        uow.commit()
        return person


def make_operator(command: commands.MakeOperator, uow: IdentityUnitOfWork,
                  clock: Clock) -> Person:
    with uow:
        access.require_operator(command.by, "people")
        person = get_person(uow, command.person_id)
        person.make_operator(clock.now(), command.by.subject)
        uow.commit()
        return person


COMMAND_HANDLERS = {
    commands.CreateProfile: create_profile,
    commands.Register: register,
    commands.ChangeContact: change_contact,
    commands.GrantMembership: grant_membership,
    commands.WithdrawMembership: withdraw_membership,
    commands.MakeOperator: make_operator,
}
