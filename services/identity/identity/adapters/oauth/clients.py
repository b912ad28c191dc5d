"""The portal's OAuth clients: the web front end (confidential, authorization code +
PKCE + refresh) and machine clients (client credentials, each with its scopes)."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from authlib.oauth2.rfc6749 import ClientMixin
from authlib.oauth2.rfc6749.util import scope_to_list

PERSON_SCOPES = ("openid", "profile", "offline_access")
MACHINE_SCOPES = ("organisations", "agreements", "people", "register", "clients")
AUTH_METHODS = ("client_secret_basic", "client_secret_post")


def hash_secret(secret: str) -> str:
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class PortalClient(ClientMixin):
    client_id: str
    name: str
    secret_hash: str
    kind: str  # "web" (people log in through it) or "machine" (client credentials)
    scopes: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    redirect_uris: tuple[str, ...] = ()
    post_logout_redirect_uris: tuple[str, ...] = field(default=())

    @property
    def client_metadata(self) -> dict[str, list[str]]:
        return {"post_logout_redirect_uris": list(self.post_logout_redirect_uris)}

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope: str | None) -> str:
        allowed = self.scopes
        if not scope:
            return " ".join(allowed)
        return " ".join(s for s in scope_to_list(scope) if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, hash_secret(client_secret))

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return self.kind == "web" and response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        if self.kind == "web":
            return grant_type in ("authorization_code", "refresh_token")
        return grant_type == "client_credentials"
