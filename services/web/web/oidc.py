"""The web front end as a confidential OpenID client of identity, on Authlib.

Authorization code with PKCE (S256), ``state`` and ``nonce``; the ID token is checked
(signature against identity's JWKS, issuer, audience, expiry, nonce, ``at_hash``) and so
is every access token (issuer, audience ``portal``, expiry) before its claims draw a
menu. Discovery is read from identity over the allow-listed ``IDENTITY_URL``; the
back-channel endpoints it names under the public issuer are called at that same base,
so tokens never travel out through the public origin and back.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from authlib.integrations.base_client import (
    BaseApp,
    FrameworkIntegration,
    OAuth2Mixin,
    OAuthError,
    OpenIDMixin,
)
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from web.config import Settings
from web.store import Tokens

SCOPE = "openid profile offline_access"
ACCESS_AUDIENCE = "portal"
BACK_CHANNEL = ("token_endpoint", "jwks_uri", "revocation_endpoint", "userinfo_endpoint",
                "pushed_authorization_request_endpoint")


class IdentityUnavailable(Exception):
    """Identity did not answer (down, timing out, or answering 5xx)."""


class LoginFailed(Exception):
    """The round trip cannot complete: a refused code, a bad ID token, a wrong issuer."""


class RefreshRefused(Exception):
    """Identity no longer accepts the refresh token: the session is over."""


@dataclass(frozen=True)
class Authorization:
    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class Login:
    tokens: Tokens
    claims: dict[str, Any]
    id_claims: dict[str, Any]


class _Identity(OAuth2Mixin, OpenIDMixin, BaseApp):  # type: ignore[misc]
    client_cls = OAuth2Session

    def __init__(self, settings: Settings) -> None:
        self.internal = settings.service_urls["identity"]
        self.public = settings.public_base_url
        self.expected_issuer = settings.issuer
        super().__init__(
            FrameworkIntegration("identity"), name="identity", client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=f"{self.internal}/api/identity/.well-known/openid-configuration",
            client_kwargs={"scope": SCOPE, "code_challenge_method": "S256",
                           "token_endpoint_auth_method": "client_secret_basic",
                           "default_timeout": settings.request_timeout})

    def load_server_metadata(self) -> dict[str, Any]:
        metadata: dict[str, Any] = super().load_server_metadata()
        if metadata.get("issuer") != self.expected_issuer:
            self.server_metadata: dict[str, Any] = {}
            raise LoginFailed(f"identity names another issuer: {metadata.get('issuer')!r}")
        for name in BACK_CHANNEL:
            url = metadata.get(name)
            if isinstance(url, str) and url.startswith(self.public + "/api/identity/"):
                metadata[name] = self.internal + url[len(self.public):]
        return metadata


class IdentityClient:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._app = _Identity(settings)

    def authorization(self, **extra: str) -> Authorization:
        """Where to send the browser: identity's authorize endpoint, with PKCE and a nonce."""
        found = self._guarded(lambda: self._app.create_authorization_url(
            self.settings.redirect_uri, **{k: v for k, v in extra.items() if v}))
        return Authorization(found["url"], found["state"], found["nonce"], found["code_verifier"])

    def finish_login(self, code: str, code_verifier: str, nonce: str) -> Login:
        token = self._guarded(lambda: self._app.fetch_access_token(
            self.settings.redirect_uri, code=code, code_verifier=code_verifier))
        try:
            id_claims = dict(self._app.parse_id_token(token, nonce=nonce) or {})
        except (JoseError, ValueError) as error:
            raise LoginFailed(f"ID token refused: {error}") from error
        if not id_claims:
            raise LoginFailed("identity sent no ID token")
        tokens = _tokens(token)
        return Login(tokens, self.access_claims(tokens.access_token), id_claims)

    def refresh(self, refresh_token: str, id_token: str | None) -> tuple[Tokens, dict[str, Any]]:
        metadata = self._guarded(self._app.load_server_metadata)
        with self._session() as session:
            try:
                token = self._guarded(lambda: session.refresh_token(
                    metadata["token_endpoint"], refresh_token=refresh_token))
            except LoginFailed as refused:
                raise RefreshRefused(str(refused)) from refused
        tokens = _tokens(token, refresh_token, id_token)
        return tokens, self.access_claims(tokens.access_token)

    def revoke(self, refresh_token: str) -> None:
        """End the refresh token's family at identity: that is logging out."""
        metadata = self._guarded(self._app.load_server_metadata)
        with self._session() as session:
            self._guarded(lambda: session.revoke_token(
                metadata["revocation_endpoint"], refresh_token,
                token_type_hint="refresh_token").raise_for_status())  # noqa: S106

    def access_claims(self, access_token: str) -> dict[str, Any]:
        """The verified claims of a portal access token."""
        registry = jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": self.settings.issuer},
            aud={"essential": True, "value": ACCESS_AUDIENCE},
            exp={"essential": True}, sub={"essential": True})
        try:
            try:
                token = jwt.decode(access_token, self._keys(), algorithms=["RS256"])
            except InvalidKeyIdError:
                token = jwt.decode(access_token, self._keys(force=True), algorithms=["RS256"])
            registry.validate(token.claims)
        except (JoseError, ValueError) as error:
            raise LoginFailed(f"access token refused: {error}") from error
        return dict(token.claims)

    def _keys(self, force: bool = False) -> KeySet:
        return KeySet.import_key_set(self._guarded(lambda: self._app.fetch_jwk_set(force)))

    def _session(self) -> OAuth2Session:
        return OAuth2Session(self.settings.client_id, self.settings.client_secret, scope=SCOPE,
                             token_endpoint_auth_method="client_secret_basic",  # noqa: S106
                             default_timeout=self.settings.request_timeout)

    @staticmethod
    def _guarded(call: Any) -> Any:
        """Identity's refusals become LoginFailed; its absence IdentityUnavailable."""
        try:
            return call()
        except OAuthError as error:
            raise LoginFailed(f"{error.error}: {error.description}") from error
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else 502
            if status >= 500:
                raise IdentityUnavailable(str(error)) from error
            raise LoginFailed(str(error)) from error
        except requests.RequestException as error:
            raise IdentityUnavailable(str(error)) from error


def _tokens(token: dict[str, Any], refresh_token: str | None = None,
            id_token: str | None = None) -> Tokens:
    """Our record of a token response (a rotated refresh token replaces the old one)."""
    lifetime = timedelta(seconds=int(token.get("expires_in") or 300))
    return Tokens(token["access_token"], datetime.now(UTC) + lifetime,
                  token.get("refresh_token") or refresh_token, token.get("id_token") or id_token)
