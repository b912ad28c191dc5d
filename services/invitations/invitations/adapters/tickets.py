"""Registration tickets (issue 5's invitation handshake), signed with invitations' own keys.

A ticket is a JWT (RS256, 15 minutes) with ``iss`` = invitations' issuer, ``aud`` =
identity's issuer, ``jti``, ``iat``, ``exp``, ``invitation_id``, ``trainee``, ``role``
and ``organisation_id``; identity verifies it against ``/api/invitations/.well-known/
jwks.json`` and accepts each ``jti`` once. Keys rotate: every key that signed is kept
in ``signing_keys`` with the time it last signed, and the JWKS publishes it until the
last ticket it signed has expired, so deploying a new ``INVITATIONS_SIGNING_KEY``
breaks no ticket in flight. Ticket times are real time, never the shifted clock.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from invitations.adapters import orm
from invitations.config import is_development
from invitations.domain.invitations import Invitation
from portal_kit.clock import Clock, SystemClock

TICKET_LIFETIME = timedelta(minutes=15)
LEEWAY = timedelta(seconds=60)
TOUCH_EVERY = timedelta(seconds=30)


class SigningKey:
    def __init__(self, pem: bytes) -> None:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the ticket signing key must be an RSA private key")
        self.private_key, self.pem = key, pem
        public = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
        digest = hashlib.sha256(f'{public["e"]}{public["n"]}'.encode()).digest()
        self.kid = "inv-" + base64.urlsafe_b64encode(digest[:12]).decode().rstrip("=")
        self.public_jwk = dict(public, kid=self.kid, use="sig", alg="RS256")

    @classmethod
    def generate(cls) -> SigningKey:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return cls(key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()))

    @classmethod
    def load_or_create(cls, path: Path) -> SigningKey:
        """Development only: a generated key kept in the local data folder."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(cls.generate().pem)
            partial.replace(path)
        return cls(path.read_bytes())


def signing_key(config: Mapping[str, Any]) -> SigningKey:
    """``INVITATIONS_SIGNING_KEY`` (PEM) or ``_FILE``; generated only in development."""
    if config.get("INVITATIONS_SIGNING_KEY"):
        return SigningKey(str(config["INVITATIONS_SIGNING_KEY"]).encode())
    if config.get("INVITATIONS_SIGNING_KEY_FILE"):
        return SigningKey(Path(str(config["INVITATIONS_SIGNING_KEY_FILE"])).read_bytes())
    if not is_development(config):
        raise RuntimeError("INVITATIONS_SIGNING_KEY or INVITATIONS_SIGNING_KEY_FILE is "
                           "required outside PORTAL_ENV=development")
    data_dir = Path(str(config.get("DATA_DIR") or ".data"))
    return SigningKey.load_or_create(data_dir / "invitations-ticket-key.pem")


class TicketSigner:
    def __init__(self, key: SigningKey, engine: Engine, issuer: str, audience: str,
                 clock: Clock | None = None) -> None:
        self.key, self.engine, self.issuer, self.audience = key, engine, issuer, audience
        self.clock = clock or SystemClock()
        self._touched: datetime | None = None
        self._lock = threading.Lock()
        self._decoy = SigningKey.generate()

    def mint(self, invitation: Invitation) -> str:
        self._touch()
        return self._sign(self.key, {
            "invitation_id": invitation.id, "trainee": invitation.trainee_id,
            "role": invitation.role, "organisation_id": invitation.organisation_id})

    def mint_decoy(self) -> None:
        """The same signing work for a dead link, with a key nobody trusts."""
        self._sign(self._decoy, {"invitation_id": "-", "trainee": "-", "role": "-",
                                 "organisation_id": "-"})

    def _sign(self, key: SigningKey, claims: dict[str, str]) -> str:
        now = self.clock.now()
        body = {"iss": self.issuer, "aud": self.audience, "jti": str(uuid.uuid4()),
                "iat": int(now.timestamp()), "exp": int((now + TICKET_LIFETIME).timestamp()),
                **claims}
        return jwt.encode(body, key.private_key, algorithm="RS256", headers={"kid": key.kid})

    def jwks(self) -> dict[str, Any]:
        """The current key and every key whose last ticket may still be unexpired."""
        t = orm.signing_keys.c
        since = self.clock.now() - TICKET_LIFETIME - LEEWAY
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.kid, t.public_jwk).where(
                t.last_signed_at >= since).order_by(t.last_signed_at.desc())).all()
        keys = {self.key.kid: self.key.public_jwk}
        for kid, public in rows:
            keys.setdefault(kid, json.loads(public))
        return {"keys": list(keys.values())}

    def _touch(self) -> None:
        now = self.clock.now()
        with self._lock:
            if self._touched and now - self._touched < TOUCH_EVERY:
                return
            t = orm.signing_keys
            try:
                with self.engine.begin() as conn:
                    updated = conn.execute(update(t).where(t.c.kid == self.key.kid)
                                           .values(last_signed_at=now)).rowcount
                    if not updated:
                        conn.execute(insert(t).values(
                            kid=self.key.kid, public_jwk=json.dumps(self.key.public_jwk),
                            first_used_at=now, last_signed_at=now))
            except IntegrityError:  # another replica with the same key recorded it first
                pass
            self._touched = now
