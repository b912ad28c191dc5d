"""The completion credential: a W3C Verifiable Credential (data model 2.0) secured with
JOSE as VC-JOSE-COSE describes (``application/vc+jwt``: the JWT's claims set *is* the
credential, header ``typ: vc+jwt``, ``cty: vc``), signed ES256 with a key of the
competencies service's own credential key set.

That key set is published at ``/api/competencies/credentials/jwks.json`` and, unlike token
keys, never drops a key while a credential signed with it exists: every key that signed
is recorded (``credential_keys``) and published for good. Anyone verifies a credential
offline with the published keys (``python -m competencies.verify``). The PDF's QR code
holds the verification URL and the credential's digest (SHA-256 of the compact JWT).
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/vc+jwt"
ALGORITHM = "ES256"
CONTEXT = "https://www.w3.org/ns/credentials/v2"
TYPE = "ProgrammeCompletionCredential"
KEY_FILE = "competencies-credential-key.json"


class CredentialInvalid(Exception):
    """The credential does not verify: altered, unknown key, or not a completion credential."""


def digest(token: str) -> str:
    """``sha256-<base64url>`` of the compact JWT, as printed in the PDF's QR code."""
    raw = hashlib.sha256(token.encode("ascii")).digest()
    return "sha256-" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def credential(record: Mapping[str, Any], issuer: str) -> dict[str, Any]:
    """The VC 2.0 document of a completed programme (``record``: programme.completed data)."""
    trainee = record["trainee"]
    subject = {"type": "Trainee", "name": trainee["name"],
               "hprNumber": trainee["hpr_number"],
               "authorisationId": trainee["authorisation_id"],
               "completed": {"type": "CompletedProgramme", "programme": record["programme"],
                             "country": record["country"], "curriculum": record["curriculum"],
                             "curriculumVersion": record["curriculum_version"],
                             "agreementHolder": record["agreement_holder_id"],
                             "enrolment": record["enrolment_id"],
                             "completedAt": record["completed_at"],
                             "signOffs": record["sign_offs"]}}
    return {"@context": [CONTEXT], "id": record["credential_id"],
            "type": ["VerifiableCredential", TYPE],
            "issuer": {"id": issuer, "name": "Competency portal"},
            "validFrom": record["completed_at"], "credentialSubject": subject}


class CredentialKeys:
    """The service's current credential signing key (from config, or made once in
    development and kept in the data folder)."""

    def __init__(self, key: ECKey) -> None:
        self.key = key
        self.kid = key.thumbprint()

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> CredentialKeys:
        given = str(config.get("COMPETENCIES_CREDENTIAL_KEY") or "").strip()
        if given:
            return cls(ECKey.import_key(json.loads(given) if given.startswith("{") else given))
        if str(config.get("PORTAL_ENV") or "development") != "development":
            raise RuntimeError("COMPETENCIES_CREDENTIAL_KEY must be set outside development "
                               "(an EC P-256 private key, PEM or JWK).")
        return cls(_development_key(Path(str(config.get("DATA_DIR") or ".data"))))

    @property
    def public_jwk(self) -> dict[str, Any]:
        return dict(self.key.as_dict(private=False), kid=self.kid, alg=ALGORITHM, use="sig")

    def sign(self, document: Mapping[str, Any]) -> str:
        header = {"alg": ALGORITHM, "typ": "vc+jwt", "cty": "vc", "kid": self.kid}
        payload = json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return jws.serialize_compact(header, payload, self.key, algorithms=[ALGORITHM])


def _development_key(folder: Path) -> ECKey:
    path = folder / KEY_FILE
    if path.exists():
        return ECKey.import_key(json.loads(path.read_text(encoding="utf-8")))
    key = ECKey.generate_key("P-256", private=True)
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(key.as_dict(private=True)), encoding="utf-8")
    partial.chmod(0o600)
    partial.replace(path)
    log.info("made a development credential key %s", path)
    return key


def verify(token: str, jwks: Mapping[str, Any]) -> dict[str, Any]:
    """The credential inside ``token`` if a key of ``jwks`` signed it, else CredentialInvalid."""
    try:
        header = json.loads(_b64(token.split(".")[0]))
    except (ValueError, IndexError) as exc:
        raise CredentialInvalid("not a compact JWS") from exc
    if header.get("typ") != "vc+jwt" or header.get("alg") != ALGORITHM:
        raise CredentialInvalid("not a vc+jwt signed with ES256")
    keys = [k for k in jwks.get("keys", []) if k.get("kid") == header.get("kid")]
    if not keys:
        raise CredentialInvalid(f"no published key {header.get('kid')!r}")
    try:
        key = KeySet.import_key_set({"keys": keys}).keys[0]
        document = json.loads(jws.deserialize_compact(token, key,
                                                      algorithms=[ALGORITHM]).payload)
    except (JoseError, ValueError) as exc:
        raise CredentialInvalid(f"the signature does not verify ({exc})") from exc
    if CONTEXT not in document.get("@context", []) or TYPE not in document.get("type", []):
        raise CredentialInvalid("not a programme completion credential")
    return dict(document)


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def issued_at(document: Mapping[str, Any]) -> datetime:
    return datetime.fromisoformat(str(document["validFrom"]))
