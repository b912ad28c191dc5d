"""Signs the completion credential in the transaction that completes the programme and
records the key that signed it, so the key stays published for as long as it exists."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from competencies.adapters.credentials import CredentialKeys, credential
from competencies.adapters.repository_signoff import CredentialKeyRepository


def credential_issuer(keys: CredentialKeys, issuer_url: str
                      ) -> Callable[[Any, Mapping[str, Any], datetime], tuple[str, str]]:
    def issue(uow: Any, record: Mapping[str, Any], at: datetime) -> tuple[str, str]:
        token = keys.sign(credential(record, issuer_url))
        CredentialKeyRepository(uow.session).record_use(keys.kid, keys.public_jwk, at)
        return token, keys.kid

    return issue


def published_keys(keys: CredentialKeys, recorded: list[dict[str, Any]]) -> dict[str, Any]:
    """The JWKS: every key that ever signed, and the current one."""
    jwks = {row["kid"]: dict(row["public_jwk"]) for row in recorded}
    jwks.setdefault(keys.kid, keys.public_jwk)
    return {"keys": list(jwks.values())}
