"""The portal's OpenID provider: token, pushed requests, revocation, logout, userinfo.

Authlib does the protocol; each request runs in one unit of work, committed even when
the answer is an error, because some errors change state (a reused refresh token or
authorization code revokes the tokens it gave).
"""
from __future__ import annotations

import base64
from collections.abc import Callable
from functools import partial
from typing import Any

from authlib.common.security import generate_token
from authlib.oauth2 import OAuth2Error

from identity.adapters.keys import TokenIssuer
from identity.adapters.oauth.clients import AUTH_METHODS, MACHINE_SCOPES, PortalClient
from identity.adapters.oauth.server import (
    PortalAuthorizationServer,
    ProtocolRequest,
    ProtocolSettings,
    pushed_request_uri,
)
from identity.adapters.rate_limit import RateLimiter
from identity.domain import commands
from identity.service_layer.claims import subject_for
from identity.service_layer.unit_of_work import IdentityUnitOfWork
from portal_kit.clock import Clock, SystemClock

Response = tuple[int, Any, list[tuple[str, str]]]
CREDENTIALS = ("client_secret", "client_assertion", "client_assertion_type")


class OAuthServers:
    """Builds the authorization server on a unit of work (one per request)."""

    def __init__(self, clients: dict[str, PortalClient], tokens: TokenIssuer,
                 settings: ProtocolSettings, authorize_uri: str,
                 clock: Clock | None = None) -> None:
        self.clients, self.tokens, self.settings = clients, tokens, settings
        self.authorize_uri = authorize_uri
        self.clock = clock or SystemClock()

    def server(self, uow: IdentityUnitOfWork) -> PortalAuthorizationServer:
        return PortalAuthorizationServer(
            clients=partial(self.client, uow), store=uow.protocol, tokens=self.tokens,
            subjects=partial(subject_for, uow), settings=self.settings, clock=self.clock)

    def client(self, uow: IdentityUnitOfWork, client_id: str) -> PortalClient | None:
        if client_id in self.clients:
            return self.clients[client_id]
        row = uow.protocol.client(client_id)
        if row is None:
            return None
        scopes = tuple(s for s in row.scopes if s in MACHINE_SCOPES)
        return PortalClient(row.client_id, row.name, row.secret_hash, "machine", scopes,
                            ("operator",))


def request_of(call: commands.ProtocolCall) -> ProtocolRequest:
    return ProtocolRequest(call.method, call.uri, call.params, call.headers)


def token(command: commands.ProtocolCall, uow: IdentityUnitOfWork, oauth: OAuthServers,
          token_limit: RateLimiter) -> Response:
    token_limit.check(_limit_key(command, uow, "refresh_token"))
    return _run(uow, oauth, lambda server: server.create_token_response(request_of(command)))


def revoke(command: commands.ProtocolCall, uow: IdentityUnitOfWork, oauth: OAuthServers,
           token_limit: RateLimiter) -> Response:
    token_limit.check(_limit_key(command, uow, "token"))
    return _run(uow, oauth, lambda server: server.create_endpoint_response(
        "revocation", request_of(command)))


def logout(command: commands.ProtocolCall, uow: IdentityUnitOfWork, oauth: OAuthServers,
           token_limit: RateLimiter) -> Response:
    token_limit.check(f"client:{_client_id(command)}")

    def end(server: PortalAuthorizationServer) -> Response:
        try:
            validated = server.validate_endpoint_request("end_session", request_of(command))
        except OAuth2Error as error:
            return server.handle_error_response(None, error)
        answer = server.create_endpoint_response("end_session", validated)
        return answer or (200, {"status": "logged_out"}, [])
    return _run(uow, oauth, end)


def push(command: commands.ProtocolCall, uow: IdentityUnitOfWork, oauth: OAuthServers,
         token_limit: RateLimiter) -> Response:
    """RFC 9126: keep the client's authorization request; answer a one-time request_uri."""
    token_limit.check(f"client:{_client_id(command)}")
    with uow:
        server = oauth.server(uow)
        try:
            client = server.authenticate_client(server.create_oauth2_request(
                request_of(command)), list(AUTH_METHODS), "pushed_authorization_request")
            params = {k: v for k, v in command.params.items() if k not in CREDENTIALS}
            params["client_id"] = [client.client_id]
            server.get_consent_grant(ProtocolRequest("GET", oauth.authorize_uri, params))
        except OAuth2Error as error:
            error.redirect_uri = None
            return server.handle_error_response(None, error)
        handle = generate_token(32)
        uow.protocol.save_pushed(handle, client.client_id, params, oauth.clock.now(),
                                 oauth.settings.pushed_lifetime)
        uow.commit()
    expires = int(oauth.settings.pushed_lifetime.total_seconds())
    return 201, {"request_uri": pushed_request_uri(handle), "expires_in": expires}, []


def _run(uow: IdentityUnitOfWork, oauth: OAuthServers,
         call: Callable[[PortalAuthorizationServer], Response]) -> Response:
    with uow:
        response = call(oauth.server(uow))
        uow.commit()
        return response


def _limit_key(command: commands.ProtocolCall, uow: IdentityUnitOfWork, parameter: str) -> str:
    """Whose request it is: the person a refresh token belongs to, else the client.

    The web front end is one client for every person, so its refreshes are
    limited per person; client credentials, code exchanges and unknown tokens
    count against the client.
    """
    presented = (command.params.get(parameter) or [""])[0]
    grant = (command.params.get("grant_type") or [""])[0]
    if presented and (parameter == "token" or grant == "refresh_token"):
        with uow:
            row = uow.protocol.refresh_token(presented)
        if row is not None:
            return f"person:{row.person_id}"
    return f"client:{_client_id(command)}"


def _client_id(command: commands.ProtocolCall) -> str:
    given = (command.params.get("client_id") or [""])[0]
    scheme, _, encoded = command.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            given = base64.b64decode(encoded).decode().partition(":")[0] or given
        except (ValueError, UnicodeDecodeError):
            pass
    return given[:100] or "anonymous"


ENDPOINTS = {"token": token, "revoke": revoke, "logout": logout, "par": push}


def protocol_call(command: commands.ProtocolCall, uow: IdentityUnitOfWork,
                  oauth: OAuthServers, token_limit: RateLimiter) -> Response:
    return ENDPOINTS[command.endpoint](command, uow, oauth, token_limit)


COMMAND_HANDLERS = {commands.ProtocolCall: protocol_call}
