"""Authlib's grants, bound to identity's protocol store.

Authorization code with PKCE (S256 only, always required), the OpenID Connect ID token,
rotating refresh tokens (a reused one revokes its family), client credentials.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, InvalidRequestError, TokenMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import RSAKey

from identity.adapters.oauth.clients import AUTH_METHODS


@dataclass(frozen=True)
class Subject:
    """The person a token is for, with the claims computed from identity's data now."""

    person_id: str
    assurance: str
    auth_time: int
    claims: dict[str, Any]
    userinfo: dict[str, Any]


@dataclass(frozen=True)
class IssuedCode(AuthorizationCodeMixin):
    code_hash: str
    person_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str
    code_challenge_method: str
    assurance: str
    auth_time: int

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return self.assurance

    def get_amr(self) -> list[str] | None:
        return None


@dataclass(frozen=True)
class RefreshToken(TokenMixin):
    family_id: str
    client_id: str
    person_id: str
    scope: str
    assurance: str
    auth_time: int

    def check_client(self, client: Any) -> bool:
        return bool(client.get_client_id() == self.client_id)

    def get_scope(self) -> str:
        return self.scope

    def is_revoked(self) -> bool:
        return False


class S256Challenge(CodeChallenge):
    """PKCE is required for every authorization request, with S256."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE with code_challenge_method=S256 is required.",
                                      redirect_uri=redirect_uri)
        super().validate_code_challenge(grant, redirect_uri)


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)

    def save_authorization_code(self, code: str, request: Any) -> None:
        subject: Subject = request.user
        data = request.payload.data
        self.server.store.save_code(
            code, self.server.now(), self.server.settings.code_lifetime,
            client_id=request.client.client_id, person_id=subject.person_id,
            redirect_uri=request.payload.redirect_uri, scope=request.scope or "",
            nonce=data.get("nonce"), code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"],
            assurance=subject.assurance, auth_time=subject.auth_time)

    def query_authorization_code(self, code: str, client: Any) -> IssuedCode | None:
        row = self.server.store.take_code(code, client.client_id, self.server.now())
        if row is None:
            return None
        return IssuedCode(row.code_hash, row.person_id, row.redirect_uri, row.scope, row.nonce,
                          row.code_challenge, row.code_challenge_method, row.assurance,
                          row.auth_time)

    def delete_authorization_code(self, authorization_code: IssuedCode) -> None:
        """Nothing to do: taking the code marked it used."""

    def authenticate_user(self, authorization_code: IssuedCode) -> Subject | None:
        return self.server.subject(authorization_code.person_id, authorization_code.assurance,
                                   authorization_code.auth_time)


class RotatingRefreshGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token: str) -> RefreshToken | None:
        client_id = self.request.client.client_id
        row = self.server.store.rotate_refresh(refresh_token, client_id, self.server.now())
        if row is None:
            return None
        return RefreshToken(row.family_id, row.client_id, row.person_id, row.scope,
                            row.assurance, row.auth_time)

    def authenticate_user(self, refresh_token: RefreshToken) -> Subject | None:
        return self.server.subject(refresh_token.person_id, refresh_token.assurance,
                                   refresh_token.auth_time)

    def revoke_old_credential(self, refresh_token: RefreshToken) -> None:
        """Nothing to do: rotating marked the old token used."""


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)


class PortalOpenIDCode(OpenIDCode):
    """The ID token for the web front end: same keys as access tokens, ``aud`` = client."""

    def __init__(self, server: Any) -> None:
        super().__init__(require_nonce=False)
        self.server = server
        self.DEFAULT_EXPIRES_IN = int(server.settings.access_lifetime.total_seconds())

    def resolve_client_private_key(self, client: Any) -> RSAKey:
        ring = self.server.tokens.ring
        ring.touch()
        return RSAKey.import_key(ring.key.pem, {"kid": ring.kid})

    def get_client_algorithm(self, client: Any) -> str:
        return "RS256"

    def get_encode_header(self, client: Any) -> dict[str, str]:
        return {"alg": "RS256", "kid": self.server.tokens.ring.kid}

    def get_client_claims(self, client: Any) -> dict[str, Any]:
        return {"iss": self.server.tokens.issuer, "aud": [client.get_client_id()]}

    def exists_nonce(self, nonce: str, request: Any) -> bool:
        return False

    def generate_user_info(self, user: Subject, scope: str) -> UserInfo:
        return UserInfo(user.userinfo)
