"""Inbox: a consumer applies each event once, however often it is delivered.

The event id is recorded in the handler's own transaction, so the record and
the change commit together; a duplicate finds the record and is skipped. On
PostgreSQL and SQLite that is one statement (``INSERT ... ON CONFLICT DO NOTHING``:
a concurrent delivery of the same event waits for the first one's transaction and
then finds its row), where a look-up and an insert in a savepoint took four round
trips on every event (`make bench`'s profile of the event hop).
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal_kit.clock import Clock

log = logging.getLogger(__name__)


class Inbox:
    def __init__(self, table: Table, clock: Clock) -> None:
        self.table = table
        self.clock = clock
        self._upserts: dict[str, Any] = {}  # per dialect, built once (values are parameters)

    def record(self, session: Session, event: dict[str, Any], consumer: str) -> bool:
        """Record the event for ``consumer``; False if it was recorded before."""
        t = self.table
        values = {"event_id": event["id"], "consumer": consumer, "event_type": event["type"],
                  "received_at": self.clock.now()}
        upsert = self._upsert(session.get_bind().dialect.name)
        if upsert is not None:
            added = session.execute(upsert, values)
            return bool(added.rowcount)  # type: ignore[attr-defined]
        seen = session.execute(select(t.c.event_id).where(
            t.c.event_id == event["id"], t.c.consumer == consumer)).first()
        if seen:
            return False
        try:
            with session.begin_nested():
                session.execute(insert(t).values(**values))
        except IntegrityError:  # a concurrent delivery recorded it first
            return False
        return True


    def _upsert(self, dialect: str) -> Any:
        if dialect not in self._upserts and dialect in UPSERTS:
            t = self.table
            self._upserts[dialect] = UPSERTS[dialect](t).on_conflict_do_nothing(
                index_elements=[t.c.event_id, t.c.consumer])
        return self._upserts.get(dialect)


UPSERTS: dict[str, Callable[[Table], Any]] = {"postgresql": postgresql.insert,
                                              "sqlite": sqlite.insert}
Handler = Callable[..., None]


def idempotent(consumer: str) -> Callable[[Handler], Callable[..., bool]]:
    """Run the decorated ``handler(event, uow, ...)`` once per event id, in one transaction.

    ``consumer`` is the handler's name in the inbox, ``"<service>.<handler>"``
    (``@idempotent("invitations.record_agreement_signed")``). Keep it stable: a
    new name makes every event already applied look new. The wrapped handler
    returns True when applied, False when skipped as a duplicate.
    """
    if not isinstance(consumer, str) or not consumer:
        raise TypeError('idempotent needs the consumer\'s stable name: '
                        '@idempotent("<service>.<handler>")')

    def decorate(handler: Handler) -> Callable[..., bool]:
        @functools.wraps(handler)
        def apply_once(event: dict[str, Any], uow: Any, **dependencies: Any) -> bool:
            with uow:
                if not uow.record_inbox(event, consumer):
                    log.info("skipped duplicate event %s for %s", event["id"], consumer)
                    return False
                handler(event, uow, **dependencies)
                uow.commit()
            return True

        return apply_once

    return decorate
