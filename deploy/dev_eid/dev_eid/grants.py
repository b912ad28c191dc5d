"""The authorization code grant as the brokers run it, on Authlib's grant and extensions.

Confidential client only; PKCE with S256 on every request; codes single-use (taken from the
store on first redemption, and a second redemption revokes what the first one got) and
short-lived; ``private_key_jwt`` assertions checked for ``aud``, ``exp`` and a fresh ``jti``.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from authlib.oauth2.rfc6749 import (
    InvalidClientError,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Error,
    grants,
)
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode, UserInfo
from joserfc import jwt
from joserfc.errors import BadSignatureError, JoseError

from .clients import PRIVATE_KEY_JWT, SECRET_METHODS, ClientKeys
from .models import AuthorizationCode

if TYPE_CHECKING:
    from .provider import BrokerServer

CLIENT_AUTH_METHODS = [PRIVATE_KEY_JWT, *SECRET_METHODS]


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS
    server: BrokerServer

    def save_authorization_code(self, code: str, request: Any) -> None:
        data = request.payload.data
        server = self.server
        server.codes.put(code, AuthorizationCode(
            code=code, client_id=request.client.get_client_id(),
            redirect_uri=request.payload.redirect_uri, scope=request.scope,
            person_key=request.user.key, code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"],
            auth_time=int(server.clock()), nonce=data.get("nonce")),
            server.settings.code_seconds)
        if data.get("nonce"):
            server.nonces.add_once(f"{request.client.get_client_id()}\0{data['nonce']}",
                                   server.clock() + server.settings.code_seconds * 10)

    def query_authorization_code(self, code: str, client: Any) -> AuthorizationCode | None:
        found = self.server.codes.take(code)
        if found is None:
            self.server.revoke_tokens_of(code)
            return None
        return found if found.client_id == client.get_client_id() else None

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        """Nothing left to do: the code was taken from the store when it was redeemed."""

    def authenticate_user(self, authorization_code: AuthorizationCode) -> Any:
        return self.server.people.get(authorization_code.person_key)


class SystemClientGrant(grants.ClientCredentialsGrant):
    """Client credentials, as HelseID offers them to system clients (none registered here)."""

    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS


class RequiredS256(CodeChallenge):
    """PKCE on every request, S256 only (plain and a missing method are refused)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge': PKCE is required.")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("'code_challenge_method' must be S256.")
        super().validate_code_challenge(grant, redirect_uri)


class BrokerOpenIDCode(OpenIDCode):
    """ID tokens signed with the broker's key, carrying the broker's claims of the person."""

    def __init__(self, server: BrokerServer) -> None:
        super().__init__(require_nonce=False)
        self.server = server

    def __call__(self, grant: Any) -> None:
        super().__call__(grant)
        grant.register_hook("after_validate_authorization_request_payload", _require_openid)

    def resolve_client_private_key(self, client: Any) -> Any:
        return self.server.signing_key

    def get_encode_header(self, client: Any) -> dict[str, str]:
        return {"alg": "RS256", "kid": str(self.server.signing_key.kid), "typ": "JWT"}

    def get_client_claims(self, client: Any) -> dict[str, Any]:
        return {"iss": self.server.issuer, "aud": [client.get_client_id()],
                "exp": int(time.time()) + self.server.settings.id_token_seconds}

    def exists_nonce(self, nonce: str, request: Any) -> bool:
        return self.server.nonces.get(f"{request.payload.client_id}\0{nonce}") is not None

    def generate_user_info(self, user: Any, scope: str) -> UserInfo:
        return self.server.user_info(user)


def _require_openid(grant: Any, redirect_uri: str) -> None:
    if "openid" not in (grant.request.payload.scope or "").split():
        raise InvalidScopeError("The scope must include 'openid'.")


class PrivateKeyJWT(JWTBearerClientAssertion):
    """RFC 7523 client authentication: the assertion names this broker as its audience
    (issuer, token or PAR endpoint) and its ``jti`` is accepted once."""

    CLIENT_AUTH_METHOD = PRIVATE_KEY_JWT

    def __init__(self, server: BrokerServer) -> None:
        super().__init__(validate_jti=True, leeway=30)
        self.server = server

    def get_audiences(self) -> list[str]:
        return self.server.audiences

    def validate_jti(self, claims: Any, jti: str) -> bool:
        until = float(claims["exp"]) + self.leeway
        return self.server.assertion_ids.add_once(f"{claims['sub']}\0{jti}", until)

    def resolve_client_public_key(self, client: Any) -> Any:
        if client.keys is None:
            raise InvalidClientError(description="The client has no public keys registered.")
        return _KeyResolver(client.keys)

    def process_assertion_claims(self, assertion: str, resolve_key: Any) -> Any:
        if not _verifies(assertion, resolve_key):
            resolve_key.keys.refresh()  # a rotated key without a kid: look once more
        return super().process_assertion_claims(assertion, resolve_key)


class _KeyResolver:
    """joserfc's key callback: the client's key for the assertion's ``kid``."""

    def __init__(self, keys: ClientKeys) -> None:
        self.keys = keys

    def __call__(self, token: Any) -> Any:
        return self.keys.key_for(token.headers().get("kid"))


def _verifies(assertion: str, resolve_key: _KeyResolver) -> bool:
    try:
        jwt.decode(assertion, resolve_key)
    except BadSignatureError:
        return False
    except (JoseError, OAuth2Error):
        return True  # refused for another reason, which the library's check will report
    return True
