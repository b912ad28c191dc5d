"""Logging a person in: the portal's authorize request, the eID broker, the callback.

1. ``authorize``: the client's request is checked (Authlib), a registration ticket too;
   a login transaction (state, nonce, PKCE verifier) is kept; the browser goes to the
   broker (pushed first where the broker takes PAR).
2. ``complete_login``: the state is taken once; the broker's code is exchanged and its ID
   token verified; the person is found (by the keyed hash of the national id), matched to
   a profile (HPR number, or the Danish authorisation id the register finds by CPR), or
   let in to register through an invitation; else "no access yet". A portal
   authorization code goes back to the client.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import AccessDeniedError

from identity.adapters.eid import EidBroker
from identity.adapters.oauth.server import ProtocolRequest
from identity.adapters.tickets import TicketVerifier
from identity.domain import commands
from identity.domain.exceptions import (
    InvalidAuthorizationRequest,
    InvalidState,
    RegistrationTicketUsed,
    UnknownEidBroker,
)
from identity.domain.login import EidIdentity
from identity.domain.national_id import NationalId
from identity.domain.people import Contact, Person
from identity.domain.register import AuthorisationRegister
from identity.domain.tickets import RegistrationTicket
from identity.service_layer.protocol import OAuthServers, Response, request_of
from identity.service_layer.unit_of_work import IdentityUnitOfWork
from portal_kit.clock import Clock

FRONT_CHANNEL = ("eid", "ui_locales")


@dataclass(frozen=True)
class BrokerChoice:
    """No broker named and several configured: the person picks one."""

    links: list[tuple[str, str]]
    query: dict[str, str]


def authorize(command: commands.Authorize, uow: IdentityUnitOfWork, oauth: OAuthServers,
              brokers: dict[str, EidBroker], tickets: TicketVerifier) -> Response | BrokerChoice:
    params = _pushed_or_given(command.call, uow, oauth)
    request = ProtocolRequest("GET", oauth.authorize_uri, params, command.call.headers)
    error = _check_request(uow, oauth, request)
    if error is not None:
        return error
    ticket = _ticket(uow, request.first("registration_ticket"), tickets)
    broker = _broker(request.first("eid"), brokers)
    if broker is None:
        return BrokerChoice([(b.settings.label, b.name) for b in brokers.values()],
                            {k: v[0] for k, v in params.items() if v})
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    with uow:
        uow.protocol.save_login(state, oauth.clock.now(), oauth.settings.login_lifetime,
                                broker=broker.name, request=params, nonce=nonce,
                                code_verifier=verifier,
                                ticket=ticket.as_dict() if ticket else None)
        uow.commit()
    return 302, "", [("Location", broker.begin(state, nonce, verifier,
                                               request.first("ui_locales")))]


def _pushed_or_given(call: commands.ProtocolCall, uow: IdentityUnitOfWork,
                     oauth: OAuthServers) -> dict[str, list[str]]:
    request_uri = (call.params.get("request_uri") or [""])[0]
    if not request_uri:
        return call.params
    client_id = (call.params.get("client_id") or [""])[0]
    handle = request_uri.rpartition(":")[2]
    with uow:
        pushed = uow.protocol.take_pushed(handle, client_id, oauth.clock.now())
        uow.commit()
    if pushed is None:
        raise InvalidAuthorizationRequest("The request_uri is unknown, used or expired.",
                                          code="invalid_request_uri")
    front = {k: v for k, v in call.params.items() if k in FRONT_CHANNEL}
    return dict(pushed.request, **front)


def _check_request(uow: IdentityUnitOfWork, oauth: OAuthServers,
                   request: ProtocolRequest) -> Response | None:
    """Authlib checks the request; an error goes back to the client only when its
    redirect URI is registered, else it is a 400 problem here."""
    with uow:
        server = oauth.server(uow)
        try:
            server.get_consent_grant(request)
        except OAuth2Error as error:
            if error.redirect_uri:
                return server.handle_error_response(None, error)
            raise InvalidAuthorizationRequest(error.description or error.error,
                                              code=error.error or "invalid_request") from None
    return None


def _ticket(uow: IdentityUnitOfWork, raw: str | None,
            tickets: TicketVerifier) -> RegistrationTicket | None:
    if not raw:
        return None
    ticket = tickets.verify(raw)
    with uow:
        if uow.protocol.ticket_used(ticket.jti):
            raise RegistrationTicketUsed("This invitation link has been used already.")
    return ticket


def _broker(name: str | None, brokers: dict[str, EidBroker]) -> EidBroker | None:
    if name:
        if name not in brokers:
            raise UnknownEidBroker(f"No eID broker {name!r}.")
        return brokers[name]
    return next(iter(brokers.values())) if len(brokers) == 1 else None


Hasher = Callable[[NationalId], str]


def complete_login(command: commands.CompleteLogin, uow: IdentityUnitOfWork,
                   oauth: OAuthServers, brokers: dict[str, EidBroker],
                   register: AuthorisationRegister, hash_national_id: Hasher,
                   clock: Clock) -> Response:
    login = _take_login(uow, oauth, command.state)
    request = ProtocolRequest("GET", oauth.authorize_uri, dict(login.request))
    if command.error or not command.code:
        return _deny(uow, oauth, request, "eid_login_cancelled")
    identity = brokers[login.broker].finish(command.code, login.code_verifier, login.nonce)
    with uow:
        ticket = _use_ticket(uow, login.ticket, oauth)
        person = _resolve(uow, identity, ticket, register, hash_national_id, clock)
        if person is None:
            return _deny(uow, oauth, request, "no_access")
        server = oauth.server(uow)
        subject = server.subject(person.id, identity.assurance, int(oauth.clock.now().timestamp()))
        grant = server.get_authorization_grant(server.create_oauth2_request(request))
        response = grant.create_authorization_response(grant.validate_authorization_request(),
                                                       subject)
        uow.commit()
        return response


def _take_login(uow: IdentityUnitOfWork, oauth: OAuthServers, state: str | None) -> Any:
    with uow:
        login = uow.protocol.take_login(state, oauth.clock.now()) if state else None
        uow.commit()
    if login is None:
        raise InvalidState("The login's state is unknown, used or expired; start again.")
    return login


def _use_ticket(uow: IdentityUnitOfWork, data: dict[str, Any] | None,
                oauth: OAuthServers) -> RegistrationTicket | None:
    if not data:
        return None
    ticket = RegistrationTicket(**dict(data, expires_at=datetime.fromisoformat(
        data["expires_at"])))
    if not uow.protocol.use_ticket(ticket.jti, ticket.expires_at, oauth.clock.now()):
        raise RegistrationTicketUsed("This invitation link has been used already.")
    return ticket


def _resolve(uow: IdentityUnitOfWork, identity: EidIdentity,
             ticket: RegistrationTicket | None, register: AuthorisationRegister,
             hash_national_id: Hasher, clock: Clock) -> Person | None:
    digest = hash_national_id(identity.national_id)
    person = uow.people.by_national_id_hash(digest)
    authorisation_id = None
    if person is None:
        entry = register.by_national_id(identity.national_id)
        authorisation_id = entry.authorisation_id if entry else None
        person = _profile(uow, identity.hpr_number, authorisation_id)
        if person is not None:
            person.recognise(digest, identity.hpr_number, authorisation_id)
    if person is None and ticket is not None:
        person = Person.arrive(country=identity.country, national_id_hash=digest,
                               contact=Contact(identity.given_name, identity.family_name),
                               hpr_number=identity.hpr_number,
                               authorisation_id=authorisation_id, at=clock.now())
        uow.people.add(person)
    if person is not None and ticket is not None:
        person.hold_invitation(ticket, clock.now())
    return person


def _profile(uow: IdentityUnitOfWork, hpr_number: str | None,
             authorisation_id: str | None) -> Person | None:
    found = uow.people.by_hpr_number(hpr_number) if hpr_number else None
    if found is None and authorisation_id:
        found = uow.people.by_authorisation_id(authorisation_id)
    return found if found is not None and found.national_id_hash is None else None


def _deny(uow: IdentityUnitOfWork, oauth: OAuthServers, request: ProtocolRequest,
          reason: str) -> Response:
    """Back to the client: ``error=access_denied``, ``error_description=<reason>``."""
    redirect_uri = request.first("redirect_uri")
    error = AccessDeniedError(description=reason, redirect_uri=redirect_uri,
                              state=request.first("state"))
    with uow:
        return oauth.server(uow).handle_error_response(None, error)


COMMAND_HANDLERS = {
    commands.Authorize: authorize,
    commands.CompleteLogin: complete_login,
}

__all__ = ["BrokerChoice", "COMMAND_HANDLERS", "request_of"]
