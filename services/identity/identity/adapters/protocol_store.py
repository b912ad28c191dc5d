"""What the protocols keep for a short while: login transactions, pushed requests,
authorization codes, refresh tokens, used ticket ids. Secrets are stored as SHA-256
digests only; every "take" is a conditional update, so a value is used at most once."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from identity.adapters import orm


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ProtocolStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _take(self, table: Any, key: Any, now: datetime, **also: Any) -> Row | None:
        """Mark the row used, if it is unused and unexpired; return it then."""
        conditions = [key, table.c.used_at.is_(None), table.c.expires_at > now]
        conditions += [table.c[name] == value for name, value in also.items()]
        taken = self.session.execute(update(table).where(*conditions).values(used_at=now))
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return self.session.execute(select(table).where(key)).first()

    def save_login(self, state: str, now: datetime, ttl: timedelta, **values: Any) -> None:
        self.session.execute(insert(orm.login_transactions).values(
            state_hash=digest(state), created_at=now, expires_at=now + ttl, **values))

    def take_login(self, state: str, now: datetime) -> Row | None:
        table = orm.login_transactions
        return self._take(table, table.c.state_hash == digest(state), now)

    def save_pushed(self, handle: str, client_id: str, request: dict[str, Any], now: datetime,
                    ttl: timedelta) -> None:
        self.session.execute(insert(orm.pushed_requests).values(
            request_hash=digest(handle), client_id=client_id, request=request,
            expires_at=now + ttl))

    def take_pushed(self, handle: str, client_id: str, now: datetime) -> Row | None:
        table = orm.pushed_requests
        return self._take(table, table.c.request_hash == digest(handle), now,
                          client_id=client_id)

    def save_code(self, code: str, now: datetime, ttl: timedelta, **values: Any) -> None:
        self.session.execute(insert(orm.authorization_codes).values(
            code_hash=digest(code), expires_at=now + ttl, **values))

    def take_code(self, code: str, client_id: str, now: datetime) -> Row | None:
        """The code, once; a code presented again ends the tokens it gave (RFC 6749 4.1.2)."""
        table = orm.authorization_codes
        key = table.c.code_hash == digest(code)
        taken = self._take(table, key, now, client_id=client_id)
        if taken is None:
            earlier = self.session.execute(select(table.c.family_id).where(
                key, table.c.used_at.is_not(None))).scalar()
            if earlier:
                self.revoke_family(earlier, now)
        return taken

    def link_code(self, code_hash: str, family_id: str) -> None:
        table = orm.authorization_codes
        self.session.execute(update(table).where(table.c.code_hash == code_hash)
                             .values(family_id=family_id))

    def save_refresh(self, token: str, now: datetime, ttl: timedelta, **values: Any) -> None:
        self.session.execute(insert(orm.refresh_tokens).values(
            token_hash=digest(token), issued_at=now, expires_at=now + ttl, **values))

    def rotate_refresh(self, token: str, client_id: str, now: datetime) -> Row | None:
        """Use a refresh token once; using a rotated one again revokes its whole family."""
        table = orm.refresh_tokens
        key = table.c.token_hash == digest(token)
        rotated = self.session.execute(update(table).where(
            key, table.c.client_id == client_id, table.c.rotated_at.is_(None),
            table.c.revoked_at.is_(None), table.c.expires_at > now).values(rotated_at=now))
        if rotated.rowcount == 1:  # type: ignore[attr-defined]
            return self.session.execute(select(table).where(key)).first()
        reused = self.session.execute(select(table.c.family_id).where(
            key, table.c.rotated_at.is_not(None))).scalar()
        if reused:
            self.revoke_family(reused, now)
        return None

    def refresh_token(self, token: str) -> Row | None:
        table = orm.refresh_tokens
        return self.session.execute(select(table).where(
            table.c.token_hash == digest(token))).first()

    def revoke_family(self, family_id: str, now: datetime) -> None:
        table = orm.refresh_tokens
        self.session.execute(update(table).where(
            table.c.family_id == family_id, table.c.revoked_at.is_(None)).values(revoked_at=now))

    def revoke_sessions(self, person_id: str, client_id: str, now: datetime) -> None:
        table = orm.refresh_tokens
        self.session.execute(update(table).where(
            table.c.person_id == person_id, table.c.client_id == client_id,
            table.c.revoked_at.is_(None)).values(revoked_at=now))

    def use_ticket(self, jti: str, expires_at: datetime, now: datetime) -> bool:
        """Record a registration ticket's ``jti``; False if it was used before."""
        try:
            with self.session.begin_nested():
                self.session.execute(insert(orm.used_tickets).values(
                    jti=jti, used_at=now, expires_at=expires_at))
        except IntegrityError:
            return False
        return True

    def ticket_used(self, jti: str) -> bool:
        table = orm.used_tickets
        return self.session.execute(select(table.c.jti).where(table.c.jti == jti)).first() \
            is not None

    def client(self, client_id: str) -> Row | None:
        table = orm.oauth_clients
        return self.session.execute(select(table).where(
            table.c.client_id == client_id, table.c.revoked_at.is_(None))).first()

    def add_client(self, **values: Any) -> None:
        self.session.execute(insert(orm.oauth_clients).values(**values))

    def clients(self) -> list[Row]:
        table = orm.oauth_clients
        return list(self.session.execute(select(table).order_by(table.c.client_id)))
