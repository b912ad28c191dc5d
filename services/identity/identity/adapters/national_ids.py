"""The keyed hash identity matches national identity numbers by (HMAC-SHA256).

The number itself is never stored: only this digest, under a secret key
(``IDENTITY_NATIONAL_ID_KEY``), so a copy of the table does not reveal whose it is.
"""
from __future__ import annotations

import hashlib
import hmac

from identity.domain.national_id import NationalId


class NationalIdHasher:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, national_id: NationalId) -> str:
        message = f"{national_id.country}:{national_id.number}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()
