"""Authlib's authorization server on identity's storage, built per request.

The entrypoint hands in a ``ProtocolRequest`` (method, URL, parameters, headers); the
server answers ``(status, body, headers)``. Protocol time is real time.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from authlib.common.security import generate_token
from authlib.oauth2 import AuthorizationServer, OAuth2Request
from authlib.oauth2.rfc6749 import InvalidClientError, InvalidScopeError, OAuth2Payload
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oidc.rpinitiated import EndSessionEndpoint

from identity.adapters.keys import TokenIssuer
from identity.adapters.oauth.clients import AUTH_METHODS, PortalClient
from identity.adapters.oauth.grants import (
    ClientCredentialsGrant,
    CodeGrant,
    PortalOpenIDCode,
    RefreshToken,
    RotatingRefreshGrant,
    S256Challenge,
    Subject,
)
from identity.adapters.protocol_store import ProtocolStore, digest
from portal_kit.clock import Clock, SystemClock

Response = tuple[int, Any, list[tuple[str, str]]]


@dataclass(frozen=True)
class ProtocolSettings:
    code_lifetime: timedelta = timedelta(seconds=60)
    access_lifetime: timedelta = timedelta(minutes=15)
    refresh_lifetime: timedelta = timedelta(hours=12)
    pushed_lifetime: timedelta = timedelta(seconds=90)
    login_lifetime: timedelta = timedelta(minutes=10)


@dataclass(frozen=True)
class ProtocolRequest:
    method: str
    uri: str
    params: dict[str, list[str]]
    headers: dict[str, str] = field(default_factory=dict)

    def first(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[0] if values else None


class _Payload(OAuth2Payload):
    def __init__(self, params: dict[str, list[str]]) -> None:
        self._datalist = params
        self._data = {k: v[0] for k, v in params.items() if v}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> dict[str, list[str]]:  # type: ignore[override]
        return self._datalist


class _Request(OAuth2Request):
    def __init__(self, request: ProtocolRequest) -> None:
        super().__init__(request.method, request.uri, headers=request.headers)
        self.payload = _Payload(request.params)

    @property
    def args(self) -> dict[str, str]:
        return self.payload.data

    @property
    def form(self) -> dict[str, str]:
        return self.payload.data


class _Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = list(AUTH_METHODS)

    def query_token(self, token_string: str, token_type_hint: str | None) -> Any:
        row = self.server.store.refresh_token(token_string)
        if row is None:
            return None
        return RefreshToken(row.family_id, row.client_id, row.person_id, row.scope,
                            row.assurance, row.auth_time)

    def revoke_token(self, token: RefreshToken, request: Any) -> None:
        """Revoking a refresh token ends its whole family: that is logout."""
        self.server.store.revoke_family(token.family_id, self.server.now())


class _EndSession(EndSessionEndpoint):
    def get_server_jwks(self) -> dict[str, Any]:
        return self.server.tokens.jwks()

    def get_algorithms(self) -> list[str]:
        return ["RS256"]

    def end_session(self, end_session_request: Any) -> None:
        """With a valid ``id_token_hint``: end the person's sessions with that client."""
        claims = end_session_request.id_token_claims
        client = end_session_request.client
        if claims and client is not None and claims.get("sub"):
            self.server.store.revoke_sessions(str(claims["sub"]), client.client_id,
                                              self.server.now())


class PortalAuthorizationServer(AuthorizationServer):
    def __init__(self, *, clients: Callable[[str], PortalClient | None], store: ProtocolStore,
                 tokens: TokenIssuer, subjects: Callable[[str, str, int], Subject | None],
                 settings: ProtocolSettings, clock: Clock | None = None) -> None:
        super().__init__(scopes_supported=None)
        self.clients, self.store, self.tokens = clients, store, tokens
        self.subjects, self.settings = subjects, settings
        self.clock = clock or SystemClock()
        self.register_token_generator("default", self.generate_bearer)
        self.register_grant(CodeGrant, [S256Challenge(required=True), PortalOpenIDCode(self)])
        self.register_grant(RotatingRefreshGrant)
        self.register_grant(ClientCredentialsGrant)
        self.register_endpoint(_Revocation)
        self.register_endpoint(_EndSession)

    def now(self) -> datetime:
        return self.clock.now()

    def subject(self, person_id: str, assurance: str, auth_time: int) -> Subject | None:
        return self.subjects(person_id, assurance, auth_time)

    def query_client(self, client_id: str) -> PortalClient | None:
        return self.clients(client_id)

    def generate_bearer(self, grant_type: str, client: PortalClient, user: Subject | None = None,
                        scope: str | None = None, expires_in: int | None = None,
                        include_refresh_token: bool = True) -> dict[str, Any]:
        allowed = client.get_allowed_scope(scope)
        if scope and not allowed:
            raise InvalidScopeError()
        if user is None:
            access, lifetime = self.tokens.issue(client.client_id, list(client.roles),
                                                 scope=allowed, client_id=client.client_id)
        else:
            claims = {k: v for k, v in user.claims.items() if k != "roles"}
            access, lifetime = self.tokens.issue(user.person_id, user.claims.get("roles", []),
                                                 **claims, scope=allowed,
                                                 client_id=client.client_id)
        token = {"token_type": "Bearer", "access_token": access, "expires_in": lifetime,
                 "scope": allowed}
        if include_refresh_token and user is not None:
            token["refresh_token"] = generate_token(48)
        return token

    def save_token(self, token: dict[str, Any], request: Any) -> None:
        if "refresh_token" not in token:
            return
        subject: Subject = request.user
        earlier: RefreshToken | None = request.refresh_token
        family = earlier.family_id if earlier else str(uuid.uuid4())
        if request.authorization_code is not None:
            self.store.link_code(request.authorization_code.code_hash, family)
        self.store.save_refresh(
            token["refresh_token"], self.now(), self.settings.refresh_lifetime,
            family_id=family, client_id=request.client.client_id,
            person_id=subject.person_id, scope=token["scope"], assurance=subject.assurance,
            auth_time=subject.auth_time)

    def create_oauth2_request(self, request: Any) -> OAuth2Request:
        return request if isinstance(request, OAuth2Request) else _Request(request)

    def create_json_request(self, request: Any) -> Any:
        raise NotImplementedError("identity's endpoints take form parameters")

    def handle_error_response(self, request: Any, error: Any) -> Response:
        """One answer for an unknown client and a wrong secret: no client enumeration."""
        if isinstance(error, InvalidClientError):
            error = InvalidClientError(status_code=401,
                                       description="Unknown client or wrong secret.")
        return super().handle_error_response(request, error)

    def handle_response(self, status: int, body: Any, headers: Any) -> Response:
        return status, body, list(headers or [])

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No signals: the unit of work around the request commits what happened."""


def pushed_request_uri(handle: str) -> str:
    return f"urn:ietf:params:oauth:request_uri:{handle}"


__all__ = ["PortalAuthorizationServer", "ProtocolRequest", "ProtocolSettings", "Subject",
           "digest", "pushed_request_uri"]
