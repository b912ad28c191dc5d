"""The operator's machine clients (client credentials), and the register search."""
from __future__ import annotations

from dataclasses import dataclass

from identity.adapters.oauth.clients import MACHINE_SCOPES, hash_secret, new_secret
from identity.adapters.rate_limit import RateLimiter
from identity.domain import commands
from identity.domain.audit import entry as audit_entry
from identity.domain.exceptions import InvalidMembership, NotAllowed
from identity.domain.people import ADMIN_ROLES, Role
from identity.domain.register import AuthorisationRegister, RegisterEntry, RegisterQuery
from identity.service_layer import access
from identity.service_layer.unit_of_work import IdentityUnitOfWork
from portal_kit.clock import Clock
from portal_kit.errors import Conflict


@dataclass(frozen=True)
class NewClient:
    client_id: str
    name: str
    scopes: tuple[str, ...]
    client_secret: str


def register_client(command: commands.RegisterClient, uow: IdentityUnitOfWork,
                    clock: Clock, static_client_ids: frozenset[str]) -> NewClient:
    """A machine client of the operator; its secret is shown once, stored as a digest."""
    with uow:
        access.require_operator(command.by, "clients")
        unknown = set(command.scopes) - set(MACHINE_SCOPES)
        if unknown:
            raise InvalidMembership(f"Unknown scopes: {sorted(unknown)}.", code="invalid_scope")
        if command.client_id in static_client_ids or uow.protocol.client(command.client_id):
            raise Conflict(f"Client {command.client_id} exists already.", code="client_exists")
        secret = new_secret()
        uow.protocol.add_client(client_id=command.client_id, name=command.name,
                                secret_hash=hash_secret(secret), scopes=list(command.scopes),
                                created_at=clock.now(), created_by=command.by.subject)
        uow.record_audit(audit_entry(command.by.subject, "client.registered", "client",
                                     command.client_id, detail={"scopes": list(command.scopes)}))
        uow.commit()
        return NewClient(command.client_id, command.name, command.scopes, secret)


SEARCHERS = frozenset({r.value for r in ADMIN_ROLES} | {Role.TUTOR.value})


def search_register(command: commands.SearchRegister, uow: IdentityUnitOfWork,
                    register: AuthorisationRegister,
                    register_limit: RateLimiter) -> list[RegisterEntry]:
    """The operator, administrators and tutors search the authorisation register."""
    by = command.by
    if not (access.is_operator(by) or any(m.role in SEARCHERS for m in by.memberships)):
        raise NotAllowed("Only the operator, administrators and tutors search the register.",
                         code="not_allowed")
    if access.is_operator(by):
        access.require_operator(by, "register")
    register_limit.check(f"person:{by.subject}")
    return register.search(RegisterQuery(command.country, command.name, command.hpr_number,
                                         command.authorisation_id))


COMMAND_HANDLERS = {
    commands.RegisterClient: register_client,
    commands.SearchRegister: search_register,
}
