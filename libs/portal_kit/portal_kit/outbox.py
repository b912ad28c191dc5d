"""Transactional outbox: events are rows written with the change, then relayed.

``OutboxWriter`` adds a row in the caller's session, so the event commits or
rolls back with the state change. ``OutboxRelay`` publishes unsent rows in
order with publisher confirms and marks them sent; ``RelayLoop`` runs it right
after each commit (``kick``) and by a periodic sweep, backing off while the
broker is down. A crash between commit and publish leaves the row unsent, and
the next sweep (in this or any replica) publishes it.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from portal_kit import events as ce
from portal_kit.clock import Clock

log = logging.getLogger(__name__)


class Publisher(Protocol):
    def publish(self, exchange: str, routing_key: str, body: str,
                event: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


class OutboxWriter:
    """Adds CloudEvents to the outbox table inside the caller's transaction."""

    def __init__(self, table: Table, exchange: str, clock: Clock) -> None:
        self.table = table
        self.exchange = exchange
        self.clock = clock

    def add(self, session: Session, event: dict[str, Any]) -> None:
        session.execute(insert(self.table).values(
            event_id=event["id"], exchange=self.exchange, routing_key=event["type"],
            body=ce.encode(event), created_at=self.clock.now(), attempts=0))


class OutboxRelay:
    """Publishes unsent outbox rows, oldest first, and marks them sent."""

    def __init__(self, session_factory: sessionmaker[Session], table: Table,
                 publisher: Publisher, clock: Clock, batch_size: int = 100) -> None:
        self.session_factory = session_factory
        self.table = table
        self.publisher = publisher
        self.clock = clock
        self.batch_size = batch_size

    def publish_pending(self) -> int:
        """Publish one batch; returns how many were sent. Raises if the broker fails."""
        with self.session_factory() as session:
            rows = session.execute(self._pending()).all()
            sent: list[int] = []
            try:
                for row in rows:
                    self.publisher.publish(row.exchange, row.routing_key, row.body,
                                           ce.decode(row.body))
                    sent.append(row.id)
            except Exception as exc:
                self._record_failure(session, rows[len(sent)].id, exc)
                raise
            finally:
                self._mark_sent(session, sent)
                session.commit()
        return len(sent)

    def close(self) -> None:
        self.publisher.close()

    def depth(self) -> tuple[int, datetime | None]:
        """How many rows wait, and since when the oldest waits."""
        t = self.table
        with self.session_factory() as session:
            count, oldest = session.execute(
                select(func.count(t.c.id), func.min(t.c.created_at))
                .where(t.c.sent_at.is_(None))).one()
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=self.clock.now().tzinfo)
        return count, oldest

    def _pending(self) -> Any:
        t = self.table
        return (select(t.c.id, t.c.exchange, t.c.routing_key, t.c.body)
                .where(t.c.sent_at.is_(None)).order_by(t.c.id)
                .limit(self.batch_size).with_for_update(skip_locked=True))

    def _mark_sent(self, session: Session, ids: list[int]) -> None:
        if ids:
            session.execute(update(self.table).where(self.table.c.id.in_(ids))
                            .values(sent_at=self.clock.now()))

    def _record_failure(self, session: Session, row_id: int, exc: Exception) -> None:
        t = self.table
        session.execute(update(t).where(t.c.id == row_id).values(
            attempts=t.c.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]))


class Kicks(Protocol):
    """What the loop waits on: an Event that commits set (threading's, green in services)."""

    def wait(self, timeout: float | None = None) -> bool: ...

    def clear(self) -> None: ...


class RelayLoop:
    """Runs the relay after every kick and every ``sweep_interval`` seconds.

    While the broker or database is down it backs off (doubling up to
    ``max_backoff``), but a kick (a commit) ends the back-off: the relay tries
    again at once, never sooner than ``min_retry_interval`` after its last
    attempt, so a dead broker is not hammered. ``kicks`` and ``sleep`` are
    injected (an eventlet-patched Event and sleep in services), so the loop
    itself is plain Python and testable.
    """

    def __init__(self, relay: OutboxRelay, sweep_interval: float = 2.0,
                 max_backoff: float = 30.0,
                 on_error: Callable[[Exception], None] = lambda exc: None,
                 on_published: Callable[[int], None] = lambda count: None, *,
                 kicks: Kicks | None = None, min_retry_interval: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.relay = relay
        self.sweep_interval = sweep_interval
        self.max_backoff = max_backoff
        self.on_error = on_error
        self.on_published = on_published
        self.kicks = kicks if kicks is not None else threading.Event()
        self.min_retry_interval = min_retry_interval
        self.sleep = sleep
        self.failures = 0

    def run(self, running: Callable[[], bool]) -> None:
        """Relay, then pause, for as long as ``running()`` says."""
        while running():
            self.kicks.clear()
            self.pause(self.run_once())

    def pause(self, delay: float) -> None:
        """Wait ``delay`` seconds or until kicked; while failing, at least the minimum."""
        if self.failures:
            least = min(self.min_retry_interval, delay)
            self.sleep(least)
            delay -= least
        self.kicks.wait(delay)

    def run_once(self) -> float:
        """Relay until nothing is left; returns how long to wait before the next run."""
        try:
            while True:
                count = self.relay.publish_pending()
                self.on_published(count)
                if count < self.relay.batch_size:
                    break
        except Exception as exc:  # broker or database down: back off, never die
            self.failures += 1
            self.on_error(exc)
            log.warning("outbox relay failed (%s attempts): %s", self.failures, exc)
            return min(self.sweep_interval * 2 ** (self.failures - 1), self.max_backoff)
        self.failures = 0
        return self.sweep_interval
