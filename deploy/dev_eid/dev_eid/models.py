"""What the provider remembers between requests: issued codes and access tokens."""
from __future__ import annotations

from dataclasses import dataclass

from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin
from authlib.oidc.core import AuthorizationCodeMixin

from .people import Person


@dataclass(frozen=True)
class AuthorizationCode(AuthorizationCodeMixin):
    """One code, bound to its client, redirect URI, PKCE challenge, nonce and person."""

    code: str
    client_id: str
    redirect_uri: str
    scope: str
    person_key: str
    code_challenge: str
    code_challenge_method: str
    auth_time: int
    nonce: str | None = None

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> None:
        return None


@dataclass(frozen=True)
class AccessToken(TokenMixin):
    """An opaque bearer token for userinfo; the store forgets it when it expires."""

    access_token: str
    client: ClientMixin
    person: Person
    scope: str
    expires_in: int

    def check_client(self, client: ClientMixin) -> bool:
        return bool(client.get_client_id() == self.client.get_client_id())

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return False  # expired tokens are no longer in the store

    def is_revoked(self) -> bool:
        return False  # revoked tokens are removed from the store

    def get_user(self) -> Person:
        return self.person

    def get_client(self) -> ClientMixin:
        return self.client
