"""Invitation links: random tokens (256 bits) kept only as their SHA-256 digest.

The token travels once, in the e-mail to the invitee; the database holds only its
digest, so a copy of the database opens no invitation.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

TOKEN_BYTES = 32


@dataclass(frozen=True)
class LinkToken:
    token: str
    digest: str

    @classmethod
    def new(cls) -> LinkToken:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        return cls(token, digest_of(token))


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
