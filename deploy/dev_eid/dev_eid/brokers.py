"""The two brokers the provider stands in for, and the claims each gives about a person.

HelseID (Norway) and NemLog-in/MitID (Denmark) name the same facts differently; identity maps
them. Neither gives an e-mail address. ``sub`` is pairwise: one value per person and client.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .people import Person

HELSEID_PID = "helseid://claims/identity/pid"
HELSEID_HPR = "helseid://claims/hpr/hpr_number"
HELSEID_SECURITY_LEVEL = "helseid://claims/identity/security_level"
HELSEID_ASSURANCE = "helseid://claims/identity/assurance_level"
NEMLOGIN_CPR = "https://data.gov.dk/model/core/eid/cprNumber"
NEMLOGIN_LOA = "https://data.gov.dk/concept/core/nsis/loa"
NAMES = ("name", "given_name", "family_name")


@dataclass(frozen=True)
class Broker:
    """One issuer of the provider: its path, page language, PAR rule, scopes and claim shape."""

    name: str
    title: str
    language: str
    require_par: bool
    scopes: tuple[str, ...]
    claim_names: tuple[str, ...]
    shape: Callable[[Person], dict[str, Any]]
    subject_form: Callable[[bytes], str]
    grant_types: tuple[str, ...] = ("authorization_code",)

    def claims(self, person: Person, subject: str) -> dict[str, Any]:
        """What the ID token and userinfo say about ``person`` (``sub`` included)."""
        return {"sub": subject, **self.shape(person)}

    def subject(self, salt: bytes, client_id: str, person: Person) -> str:
        """The pairwise subject: stable for one person and client, unlinkable across clients."""
        message = "\0".join((self.name, client_id, person.key)).encode()
        return self.subject_form(hmac.new(salt, message, hashlib.sha256).digest())


def helseid_shape(person: Person) -> dict[str, Any]:
    claims: dict[str, Any] = {
        HELSEID_PID: person.national_id,
        HELSEID_SECURITY_LEVEL: "4" if person.assurance == "high" else "3",
        HELSEID_ASSURANCE: person.assurance,
        "name": person.name, "given_name": person.given_name,
        "family_name": person.family_name, "idp": "testidp-oidc", "amr": ["pwd"]}
    if person.hpr_number:
        claims[HELSEID_HPR] = person.hpr_number
    return claims


def nemlogin_shape(person: Person) -> dict[str, Any]:
    return {NEMLOGIN_CPR: person.national_id, NEMLOGIN_LOA: person.assurance.capitalize(),
            "name": person.name, "given_name": person.given_name,
            "family_name": person.family_name}


def _base64url(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _uuid(digest: bytes) -> str:
    return str(uuid.UUID(bytes=digest[:16], version=4))


BROKERS = {
    "helseid": Broker(
        name="helseid", title="HelseID", language="nb", require_par=True,
        scopes=("openid", "profile", "helseid://scopes/identity/pid",
                "helseid://scopes/identity/security_level",
                "helseid://scopes/identity/assurance_level", "helseid://scopes/hpr/hpr_number"),
        claim_names=("sub", *NAMES, "idp", "amr", HELSEID_PID, HELSEID_HPR,
                     HELSEID_SECURITY_LEVEL, HELSEID_ASSURANCE),
        shape=helseid_shape, subject_form=_base64url,
        # HelseID also serves system clients; the portal's relying party is not one of them
        grant_types=("authorization_code", "client_credentials")),
    "nemlogin": Broker(
        name="nemlogin", title="NemLog-in (MitID)", language="da", require_par=False,
        scopes=("openid", "profile"),
        claim_names=("sub", *NAMES, NEMLOGIN_CPR, NEMLOGIN_LOA),
        shape=nemlogin_shape, subject_form=_uuid),
}
