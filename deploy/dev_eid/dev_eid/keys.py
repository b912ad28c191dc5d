"""Each broker's RS256 signing key and the pairwise-subject salt, kept in the data directory.

Kept rather than regenerated at each start, so that a relying party's cached JWKS and the
subjects it stored stay valid across restarts of ``make run``.
"""
from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from joserfc.jwk import RSAKey


def signing_key(data_dir: Path, broker: str) -> RSAKey:
    """The broker's private key (``kid`` = its RFC 7638 thumbprint), made on first use."""
    path = data_dir / f"{broker}-signing-key.json"
    if path.exists():
        return RSAKey.import_key(json.loads(path.read_text()))
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, auto_kid=True)
    _write_private(path, json.dumps(key.as_dict(private=True)))
    return key


def pairwise_salt(data_dir: Path) -> bytes:
    path = data_dir / "pairwise-salt"
    if not path.exists():
        _write_private(path, secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
