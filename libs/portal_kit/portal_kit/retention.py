"""Retention: sent outbox rows and old inbox rows are deleted, in bounded batches.

An inbox row must outlive every redelivery of its event, or a late copy is
applied twice: retries take minutes, but a message moved back from dead
letters may return days later, so inbox rows are kept 30 days by default.
Sent outbox rows only show what left and when: 7 days. Unsent and parked rows
are never pruned. The relay's thread runs ``Pruner.prune`` now and then.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import Table, delete, select, tuple_
from sqlalchemy.orm import Session, sessionmaker

from portal_kit.clock import Clock

log = logging.getLogger(__name__)


class Pruner:
    def __init__(self, session_factory: sessionmaker[Session], outbox: Table, inbox: Table,
                 clock: Clock, sent_retention: timedelta = timedelta(days=7),
                 inbox_retention: timedelta = timedelta(days=30), batch_size: int = 500,
                 max_batches: int = 10) -> None:
        self.session_factory = session_factory
        self.outbox = outbox
        self.inbox = inbox
        self.clock = clock
        self.sent_retention = sent_retention
        self.inbox_retention = inbox_retention
        self.batch_size = batch_size
        self.max_batches = max_batches

    def prune(self) -> int:
        """Delete what is past retention, at most ``max_batches`` batches of each table
        (the rest waits for the next call); returns how many rows went."""
        deleted = 0
        for batch in (self._sent_outbox_rows, self._old_inbox_rows):
            for _ in range(self.max_batches):
                with self.session_factory() as session:
                    count = batch(session)
                    session.commit()
                deleted += count
                if count < self.batch_size:
                    break
        if deleted:
            log.info("pruned %s outbox and inbox rows past their retention", deleted)
        return deleted

    def _sent_outbox_rows(self, session: Session) -> int:
        t = self.outbox
        oldest = (select(t.c.id).where(t.c.sent_at < self.clock.now() - self.sent_retention)
                  .order_by(t.c.id).limit(self.batch_size))
        return _count(session.execute(delete(t).where(t.c.id.in_(oldest))))

    def _old_inbox_rows(self, session: Session) -> int:
        t = self.inbox
        oldest = (select(t.c.event_id, t.c.consumer)
                  .where(t.c.received_at < self.clock.now() - self.inbox_retention)
                  .order_by(t.c.received_at).limit(self.batch_size))
        return _count(session.execute(
            delete(t).where(tuple_(t.c.event_id, t.c.consumer).in_(oldest))))


def _count(result: Any) -> int:
    return int(result.rowcount)


def retention_settings(config: Mapping[str, Any]) -> dict[str, timedelta]:
    """``OUTBOX_SENT_RETENTION_DAYS`` (7) and ``INBOX_RETENTION_DAYS`` (30, at least 1:
    shorter would forget events that may still be redelivered)."""
    sent = float(config.get("OUTBOX_SENT_RETENTION_DAYS") or 7)
    inbox = float(config.get("INBOX_RETENTION_DAYS") or 30)
    if sent <= 0 or inbox < 1:
        raise ValueError("OUTBOX_SENT_RETENTION_DAYS must be above 0 and "
                         "INBOX_RETENTION_DAYS at least 1")
    return {"sent_retention": timedelta(days=sent), "inbox_retention": timedelta(days=inbox)}
