"""Signing keys, the JWKS and access tokens (JWT, RS256)."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from portal_kit.clock import Clock


class SigningKey:
    def __init__(self, pem: bytes) -> None:
        self.private_key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(self.private_key, rsa.RSAPrivateKey):
            raise ValueError("the signing key must be an RSA private key")
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
            path.parent.mkdir(parents=True, exist_ok=True)
            pem = cls.generate().private_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption())
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
        return cls(path.read_bytes())


class TokenIssuer:
    def __init__(self, key: SigningKey, issuer: str, audience: str, clock: Clock,
                 lifetime: timedelta = timedelta(minutes=15)) -> None:
        self.key = key
        self.issuer = issuer
        self.audience = audience
        self.clock = clock
        self.lifetime = lifetime

    def issue(self, subject: str, roles: list[str], **claims: Any) -> tuple[str, int]:
        now = self.clock.now()
        payload = dict(claims, iss=self.issuer, aud=self.audience, sub=subject, roles=roles,
                       iat=int(now.timestamp()), nbf=int(now.timestamp()),
                       exp=int((now + self.lifetime).timestamp()), jti=str(uuid.uuid4()))
        token = jwt.encode(payload, self.key.private_key, algorithm="RS256",
                           headers={"kid": self.key.kid})
        return token, int(self.lifetime.total_seconds())

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.public_jwk]}
