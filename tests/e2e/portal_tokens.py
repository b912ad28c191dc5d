"""Access tokens of every kind of caller, trusted by the running portal as identity's own.

The kit's ``TokenFactory`` signs with the development signing key identity keeps in the
portal's data folder (``identity-signing-key.pem``), under identity's issuer and ``kid``,
so every service verifies these tokens exactly as it verifies a real login's. The callers
are the kinds the portal knows: no token, an operator, a person with no membership (a
trainee), each administrative membership in a seeded organisation of the right kind,
a person whose registration is pending; and tokens that must never work: expired,
signed by a key identity never published, for another audience.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

from portal_kit.testing_tokens import AUDIENCE, TokenFactory

# role -> the kind of organisation its membership sits in (identity's membership rules)
MEMBERSHIP_KINDS = {"region_admin": "region", "municipality_admin": "municipality",
                    "health_trust_admin": "health_trust", "signatory": "municipality"}


@dataclass(frozen=True)
class Caller:
    name: str
    headers: dict[str, str]


def _kid(factory: TokenFactory) -> str:
    """identity's kid for a key: the first 12 bytes of sha256(e + n), base64url."""
    import base64
    import hashlib
    import json

    from jwt.algorithms import RSAAlgorithm
    public = json.loads(RSAAlgorithm.to_jwk(factory.key.public_key()))
    digest = hashlib.sha256(f'{public["e"]}{public["n"]}'.encode()).digest()
    return base64.urlsafe_b64encode(digest[:12]).decode().rstrip("=")


def portal_factory(public_url: str, data_dir: Path) -> TokenFactory:
    """A TokenFactory holding identity's development key (the portal trusts it)."""
    from cryptography.hazmat.primitives import serialization
    factory = TokenFactory(issuer=f"{public_url}/api/identity")
    pem = (data_dir / "identity-signing-key.pem").read_bytes()
    factory.key = serialization.load_pem_private_key(pem, password=None)  # type: ignore[assignment]
    factory.kid = _kid(factory)
    return factory


def organisations_by_kind(url: str, operator: dict[str, str]) -> dict[str, str]:
    """One seeded organisation's id of each kind (region, municipality, ...)."""
    listed = requests.get(f"{url}/api/identity/v1/organisations", headers=operator, timeout=30)
    listed.raise_for_status()
    found: dict[str, str] = {}
    for organisation in listed.json():
        found.setdefault(organisation["kind"], organisation["id"])
    return found


def callers(public_url: str, data_dir: Path, operator: dict[str, str],
            url: str, lifetime: int = 300) -> dict[str, Caller]:
    """Every kind of caller, by name (``anonymous`` has no Authorization header); their
    tokens valid for ``lifetime`` seconds."""
    factory = portal_factory(public_url, data_dir)
    kinds = organisations_by_kind(url, operator)

    def person(**claims: object) -> dict[str, str]:
        return factory.headers(subject=str(uuid.uuid4()), assurance="high",
                               lifetime=lifetime, **claims)

    found = {"anonymous": Caller("anonymous", {}),
             "operator": Caller("operator", factory.headers(roles=["operator"],
                                                            lifetime=lifetime)),
             "person": Caller("person", person())}
    for role, kind in MEMBERSHIP_KINDS.items():
        if kind in kinds:
            found[role] = Caller(role, person(memberships=[
                {"organisation_id": kinds[kind], "role": role}]))
    place = kinds.get("practice") or kinds.get("municipality")
    if place:
        found["tutor"] = Caller("tutor", person(memberships=[
            {"organisation_id": place, "role": "tutor"}]))
    found["registration_pending"] = Caller("registration_pending",
                                           person(registration="pending"))
    found.update(_refused(factory))
    return found


def _refused(factory: TokenFactory) -> dict[str, Caller]:
    """Tokens every endpoint that wants a token must refuse with 401."""
    stranger = TokenFactory(issuer=factory.issuer, kid=factory.kid)  # same kid, other key
    return {
        "expired": Caller("expired", factory.headers(roles=["operator"], iat=1_600_000_000,
                                                     exp=1_600_000_300)),
        "unknown_key": Caller("unknown_key", stranger.headers(roles=["operator"])),
        "other_audience": Caller("other_audience", factory.headers(
            roles=["operator"], aud=f"not-{AUDIENCE}")),
    }
