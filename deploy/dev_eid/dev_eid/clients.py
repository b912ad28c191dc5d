"""The registered relying party and where its public keys come from (RFC 7523 assertions)."""
from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable
from typing import Any

import requests
from authlib.oauth2.rfc6749 import ClientMixin, InvalidClientError
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet

from .settings import RelyingPartySettings

SECRET_METHODS = ("client_secret_basic", "client_secret_post")
PRIVATE_KEY_JWT = "private_key_jwt"
ENDPOINTS = {"token", "pushed_authorization_request"}


class ClientKeys:
    """The client's public JWKS: configured, or fetched from its ``jwks_uri`` and cached.

    An unknown ``kid``, or a signature that fails without one, reads the ``jwks_uri`` again
    (the client rotated its key), at most once per ``min_age``.
    """

    def __init__(self, jwks: dict[str, Any] | None, jwks_uri: str | None,
                 max_age: float = 300.0, min_age: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.jwks_uri = jwks_uri
        self.max_age, self.min_age, self.clock = max_age, min_age, clock
        self._keys = KeySet.import_key_set(jwks) if jwks else None  # type: ignore[arg-type]
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def key_for(self, kid: str | None) -> Key:
        with self._lock:
            key = _by_kid(self._current(), kid)
            if key is None and self._may_refetch():
                key = _by_kid(self._fetch(), kid)
        if key is None:
            raise InvalidClientError(description="No key of the client has that kid.")
        return key

    def refresh(self) -> bool:
        """Read the jwks_uri again (an assertion without ``kid`` failed); False if too soon."""
        with self._lock:
            if not self._may_refetch():
                return False
            self._fetch()
            return True

    def _current(self) -> KeySet:
        stale = self._fetched_at is None or self.clock() - self._fetched_at > self.max_age
        if self._keys is None or (self.jwks_uri and stale):
            return self._fetch()
        return self._keys

    def _may_refetch(self) -> bool:
        return bool(self.jwks_uri) and self._fetched_at is not None and (
            self.clock() - self._fetched_at >= self.min_age)

    def _fetch(self) -> KeySet:
        if not self.jwks_uri:
            raise InvalidClientError(description="The client has no public keys registered.")
        try:
            response = requests.get(self.jwks_uri, timeout=5)
            response.raise_for_status()
            self._keys = KeySet.import_key_set(response.json())
        except (requests.RequestException, ValueError, JoseError) as error:
            raise InvalidClientError(
                description="The client's jwks_uri could not be read.") from error
        self._fetched_at = self.clock()
        return self._keys


def _by_kid(keys: KeySet, kid: str | None) -> Key | None:
    try:
        return keys.get_by_kid(kid)
    except (JoseError, ValueError):
        return None


class RelyingParty(ClientMixin):
    """A confidential client: code flow only, exact redirect URIs, a secret and/or keys."""

    def __init__(self, settings: RelyingPartySettings,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.client_id = settings.client_id
        self.client_secret = settings.client_secret
        self.redirect_uris = settings.redirect_uris
        has_keys = bool(settings.jwks or settings.jwks_uri)
        self.keys = ClientKeys(dict(settings.jwks) if settings.jwks else None,
                               settings.jwks_uri, clock=clock) if has_keys else None
        self.auth_methods = ((PRIVATE_KEY_JWT,) if has_keys else ()) + (
            SECRET_METHODS if settings.client_secret else ())
        self.client_metadata: dict[str, Any] = {}

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None  # OpenID Connect: every request names its redirect_uri

    def get_allowed_scope(self, scope: str) -> str:
        return scope

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return bool(self.client_secret) and hmac.compare_digest(
            client_secret.encode(), str(self.client_secret).encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint in ENDPOINTS and method in self.auth_methods

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"
