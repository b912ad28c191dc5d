"""Signing keys, the key ring behind the JWKS, and access tokens (JWT, RS256).

Each process signs with the key it is configured with. Every key that signed is kept
in the ``signing_keys`` table with the time it last signed; the JWKS publishes a key
until the last token it signed has expired (``last_signed_at`` + token lifetime +
leeway), so verifiers keep verifying across a rotation: deploy a new
``IDENTITY_SIGNING_KEY`` and the old key stays published just as long as it must.
Key checks use real time (``SystemClock``), never a shifted clock.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool

from identity.adapters import orm
from portal_kit.clock import Clock, SystemClock

LEEWAY = timedelta(seconds=60)


class SigningKey:
    def __init__(self, pem: bytes) -> None:
        self.private_key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(self.private_key, rsa.RSAPrivateKey):
            raise ValueError("the signing key must be an RSA private key")
        self.pem = pem
        public = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        digest = hashlib.sha256(f'{public["e"]}{public["n"]}'.encode()).digest()
        self.kid = base64.urlsafe_b64encode(digest[:12]).decode().rstrip("=")
        self.public_jwk = dict(public, kid=self.kid, use="sig", alg="RS256")

    @classmethod
    def generate(cls) -> SigningKey:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return cls(key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()))

    @classmethod
    def load_or_create(cls, path: Path) -> SigningKey:
        """Development only: keep a generated key in the local data folder."""
        if not path.exists():
            cls.generate().write(path)
        return cls(path.read_bytes())

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(self.pem)
        temporary.replace(path)


def _one_connection(engine: Engine) -> bool:
    """SQLite under ``make run``: the kit hands out one connection in turn."""
    return isinstance(engine.pool, QueuePool) and engine.pool.size() == 1


class KeyRing:
    def __init__(self, key: SigningKey, engine: Engine, lifetime: timedelta,
                 clock: Clock | None = None, cache_seconds: float = 5.0,
                 touch_every: timedelta = timedelta(seconds=30)) -> None:
        self.key, self.engine, self.lifetime = key, engine, lifetime
        self.clock = clock or SystemClock()
        self.cache_seconds, self.touch_every = cache_seconds, touch_every
        self._cached: tuple[float, dict[str, Any]] | None = None
        self._touched: datetime | None = None
        self._lock = threading.Lock()

    @property
    def kid(self) -> str:
        return self.key.kid

    def sign(self, claims: dict[str, Any]) -> str:
        self.touch()
        return jwt.encode(claims, self.key.private_key, algorithm="RS256",
                          headers={"kid": self.key.kid})

    def touch(self) -> None:
        """Record that this key signs now (at most every ``touch_every``).

        The caller is usually inside a unit of work. On SQLite the service has one
        connection (``portal_kit.db.make_engine``), held by that unit of work, so the record
        is written by a green thread once the connection is free: written inline it would
        wait for itself until the pool times out (every ``make run`` login stalled 30 s).
        """
        now = self.clock.now()
        if self._touched and now - self._touched < self.touch_every:
            return
        if _one_connection(self.engine):
            self._touched = now
            threading.Thread(target=self._record, args=(now,), daemon=True).start()
        else:
            self._record(now)

    def _record(self, now: datetime) -> None:
        table = orm.signing_keys
        with self.engine.begin() as connection:
            done = connection.execute(update(table).where(table.c.kid == self.kid)
                                      .values(last_signed_at=now))
            if done.rowcount == 0:
                connection.execute(insert(table).values(
                    kid=self.kid, public_jwk=self.key.public_jwk, first_used_at=now,
                    last_signed_at=now))
        self._touched, self._cached = now, None

    def jwks(self) -> dict[str, Any]:
        with self._lock:
            if self._cached and time.monotonic() - self._cached[0] < self.cache_seconds:
                return self._cached[1]
            table = orm.signing_keys
            since = self.clock.now() - self.lifetime - LEEWAY
            with self.engine.connect() as connection:
                rows = connection.execute(select(table.c.kid, table.c.public_jwk).where(
                    table.c.last_signed_at > since).order_by(table.c.last_signed_at.desc()))
                keys = {row.kid: row.public_jwk for row in rows}
            keys[self.kid] = self.key.public_jwk
            result = {"keys": list(keys.values())}
            self._cached = (time.monotonic(), result)
            return result


class TokenIssuer:
    """Access tokens: RS256, short-lived, ``aud`` = the portal."""

    def __init__(self, ring: KeyRing, issuer: str, audience: str,
                 lifetime: timedelta = timedelta(minutes=15),
                 clock: Clock | None = None) -> None:
        self.ring, self.issuer, self.audience = ring, issuer, audience
        self.lifetime = lifetime
        self.clock = clock or SystemClock()

    def issue(self, subject: str, roles: list[str], **claims: Any) -> tuple[str, int]:
        now = int(self.clock.now().timestamp())
        payload = dict(claims, iss=self.issuer, aud=self.audience, sub=subject, roles=roles,
                       iat=now, nbf=now, exp=now + int(self.lifetime.total_seconds()),
                       jti=str(uuid.uuid4()))
        return self.ring.sign(payload), int(self.lifetime.total_seconds())

    def jwks(self) -> dict[str, Any]:
        return self.ring.jwks()
