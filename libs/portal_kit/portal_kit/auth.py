"""Verify RS256 access tokens against the identity service's JWKS.

Only RS256 is accepted: ``alg: none`` and HMAC tokens (signed with the public
key as secret) are refused before any key is touched. Keys come from a
``portal_kit.jwks.KeySet``: refetched when a token names an unknown ``kid`` (at
most every few seconds, backing off while identity cannot be reached) and
every ``max_age`` seconds, so keys identity dropped stop being trusted.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import jwt
import requests

from portal_kit.errors import Forbidden, Unauthenticated
from portal_kit.jwks import KeySet
from portal_kit.principal import Membership, Principal

ALGORITHM = "RS256"


class JwtVerifier:
    def __init__(self, fetch_jwks: Callable[[], dict[str, Any]], issuer: str, audience: str,
                 leeway: float = 30, refresh_interval: float = 5.0, max_age: float = 300.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.keys = KeySet(fetch_jwks, min_interval=refresh_interval, max_age=max_age,
                           monotonic=monotonic)
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway

    def verify(self, token: str) -> Principal:
        header = _header(token)
        if header.get("alg") != ALGORITHM:
            raise Unauthenticated("Only RS256 tokens are accepted.", code="invalid_token")
        key = self.keys.key(str(header.get("kid", "")))
        try:
            claims = jwt.decode(token, key, algorithms=[ALGORITHM], audience=self.audience,
                                issuer=self.issuer, leeway=self.leeway,
                                options={"require": ["exp", "iat", "sub", "iss", "aud"]})
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("The token has expired.", code="token_expired") from None
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"The token is not valid: {exc}", code="invalid_token") from None
        return principal_from(claims)


def _header(token: str) -> dict[str, Any]:
    try:
        return jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise Unauthenticated("The token is malformed.", code="invalid_token") from None


def principal_from(claims: dict[str, Any]) -> Principal:
    """The principal a verified token names: roles, memberships, assurance, registration."""
    pending = claims.get("registration") == "pending"
    roles = claims.get("roles") or []
    if not isinstance(roles, list) or pending:
        roles = []
    assurance = claims.get("assurance")
    return Principal(subject=str(claims["sub"]), roles=frozenset(map(str, roles)),
                     organisation_id=claims.get("org"), claims=claims,
                     memberships=frozenset() if pending else _memberships(claims),
                     assurance=assurance if assurance in ("high", "substantial") else None,
                     registration_pending=pending)


def _memberships(claims: dict[str, Any]) -> frozenset[Membership]:
    listed = claims.get("memberships")
    if not isinstance(listed, list):
        return frozenset()
    return frozenset(Membership(str(m["organisation_id"]), str(m["role"])) for m in listed
                     if isinstance(m, dict) and m.get("organisation_id") and m.get("role"))


def refuse_pending_registration(principal: Principal) -> Principal:
    """A registration-limited token is good for the registration endpoints only."""
    if principal.registration_pending:
        raise Forbidden("This token is limited to registration; complete it first.",
                        code="registration_pending")
    return principal


def bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("A bearer token is required.", code="missing_token")
    return token.strip()


def require_role(principal: Principal, role: str) -> Principal:
    if not principal.has_role(role):
        raise Forbidden(f"This needs the role '{role}'.", code="role_required")
    return principal


def http_jwks(url: str, timeout: tuple[float, float] = (2.0, 3.0)
              ) -> Callable[[], dict[str, Any]]:
    """Fetch a JWKS over HTTP (connect and read timeouts bounded)."""
    def fetch() -> dict[str, Any]:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        return response.json()
    return fetch
