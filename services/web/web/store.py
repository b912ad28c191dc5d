"""Server-side sessions and login transactions, in the web front end's own database.

The browser holds only a random key; rows are stored under its SHA-256, and the tokens
in them are encrypted, so neither a copy of the table nor a log line is a live session.
Several replicas share the table. A refresh is guarded by a lease taken with one
conditional UPDATE (compare-and-swap on ``version``), so two parallel requests never
present the same refresh token to identity (which would revoke the whole family).
"""
from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, delete, select, update
from sqlalchemy.engine import Engine

from portal_kit.db import UtcDateTime

metadata = MetaData()

sessions = Table(
    "web_sessions", metadata,
    Column("id", String(64), primary_key=True),
    Column("subject", String(200), nullable=False),
    Column("language", String(5), nullable=True),
    Column("eid", String(20), nullable=True),
    Column("access_token", Text, nullable=False),
    Column("access_expires_at", UtcDateTime(), nullable=False),
    Column("refresh_token", Text, nullable=True),
    Column("id_token", Text, nullable=True),
    Column("claims", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("refresh_lease_until", UtcDateTime(), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("last_seen_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
)

login_transactions = Table(
    "web_login_transactions", metadata,
    Column("id", String(64), primary_key=True),
    Column("state", String(200), nullable=False),
    Column("nonce", String(200), nullable=False),
    Column("code_verifier", String(200), nullable=False),
    Column("return_to", String(2000), nullable=False),
    Column("eid", String(20), nullable=True),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
)


def hashed(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenCipher:
    """Encrypts tokens at rest with a key derived from the front end's secret."""

    def __init__(self, secret: bytes) -> None:
        derived = HKDF(hashes.SHA256(), 32, salt=None, info=b"portal-web-tokens").derive(secret)
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def seal(self, value: str | None) -> str | None:
        return None if value is None else self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return self._fernet.decrypt(value.encode()).decode()
        except InvalidToken:  # written under another secret: the session is unusable
            return None


@dataclass(frozen=True)
class Tokens:
    access_token: str
    expires_at: datetime
    refresh_token: str | None = None
    id_token: str | None = None


@dataclass(frozen=True)
class StoredSession:
    subject: str
    tokens: Tokens
    claims: dict[str, Any]
    version: int
    language: str | None
    eid: str | None
    ended: bool = False


@dataclass(frozen=True)
class LoginTransaction:
    state: str
    nonce: str
    code_verifier: str
    return_to: str
    eid: str | None = None


class SessionStore:
    def __init__(self, engine: Engine, cipher: TokenCipher, idle: timedelta,
                 lifetime: timedelta) -> None:
        self.engine, self.cipher, self.idle, self.lifetime = engine, cipher, idle, lifetime

    def create(self, key: str, subject: str, tokens: Tokens, claims: dict[str, Any], now: datetime,
               language: str | None = None, eid: str | None = None) -> None:
        row = dict(id=hashed(key), subject=subject, language=language, eid=eid, version=0,
                   claims=json.dumps(claims), created_at=now,
                   last_seen_at=now, expires_at=now + self.lifetime, **self._sealed(tokens))
        with self.engine.begin() as connection:
            connection.execute(delete(sessions).where(sessions.c.expires_at < now))
            connection.execute(sessions.insert().values(**row))

    def load(self, key: str, now: datetime) -> StoredSession | None:
        """The session under this key. One past its time is removed and comes back ``ended``
        (so that what a person typed can be kept for them alone)."""
        with self.engine.begin() as connection:
            row = connection.execute(select(sessions).where(sessions.c.id == hashed(key))).first()
            if row is None:
                return None
            access = self.cipher.open(row.access_token)
            ended = row.expires_at < now or row.last_seen_at + self.idle < now or access is None
            if ended:
                connection.execute(delete(sessions).where(sessions.c.id == row.id))
            elif now - row.last_seen_at > timedelta(minutes=1):
                connection.execute(update(sessions).where(sessions.c.id == row.id)
                                   .values(last_seen_at=now))
        tokens = Tokens(access or "", row.access_expires_at, self.cipher.open(row.refresh_token),
                        self.cipher.open(row.id_token))
        return StoredSession(row.subject, tokens, json.loads(row.claims), row.version,
                             row.language, row.eid, ended)

    def delete(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(sessions).where(sessions.c.id == hashed(key)))

    def take_lease(self, key: str, version: int, now: datetime, until: datetime) -> bool:
        """Become the one request that refreshes this session's tokens (compare-and-swap)."""
        free = (sessions.c.refresh_lease_until.is_(None)) | (sessions.c.refresh_lease_until < now)
        return self._update(key, (sessions.c.version == version) & free,
                            refresh_lease_until=until)

    def store_refreshed(self, key: str, version: int, tokens: Tokens,
                        claims: dict[str, Any]) -> bool:
        return self._update(key, sessions.c.version == version, version=version + 1,
                            refresh_lease_until=None, claims=json.dumps(claims),
                            **self._sealed(tokens))

    def release_lease(self, key: str, version: int) -> None:
        self._update(key, sessions.c.version == version, refresh_lease_until=None)

    def set_language(self, key: str, language: str) -> None:
        self._update(key, None, language=language)

    def _update(self, key: str, condition: Any, **values: Any) -> bool:
        statement = update(sessions).where(sessions.c.id == hashed(key))
        if condition is not None:
            statement = statement.where(condition)
        with self.engine.begin() as connection:
            return bool(connection.execute(statement.values(**values)).rowcount == 1)

    def _sealed(self, tokens: Tokens) -> dict[str, Any]:
        return {"access_token": self.cipher.seal(tokens.access_token),
                    "access_expires_at": tokens.expires_at,
                    "refresh_token": self.cipher.seal(tokens.refresh_token),
                    "id_token": self.cipher.seal(tokens.id_token)}


class LoginTransactions:
    """What a login round trip must remember between leaving for identity and coming back."""

    def __init__(self, engine: Engine, lifetime: timedelta) -> None:
        self.engine, self.lifetime = engine, lifetime

    def start(self, key: str, transaction: LoginTransaction, now: datetime) -> None:
        row = {"id": hashed(key), "state": transaction.state, "nonce": transaction.nonce,
                   "code_verifier": transaction.code_verifier, "return_to": transaction.return_to,
                   "eid": transaction.eid, "expires_at": now + self.lifetime}
        with self.engine.begin() as connection:
            connection.execute(delete(login_transactions)
                               .where(login_transactions.c.expires_at < now))
            connection.execute(login_transactions.insert().values(**row))

    def take(self, key: str, now: datetime) -> LoginTransaction | None:
        """The transaction under this key, once: a second take (a replay) finds nothing."""
        where = login_transactions.c.id == hashed(key)
        with self.engine.begin() as connection:
            row = connection.execute(select(login_transactions).where(where)).first()
            taken = connection.execute(delete(login_transactions).where(where)).rowcount == 1
        if row is None or not taken or row.expires_at < now:
            return None
        return LoginTransaction(row.state, row.nonce, row.code_verifier, row.return_to, row.eid)
