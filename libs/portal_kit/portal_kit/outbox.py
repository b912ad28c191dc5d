"""Transactional outbox: events are rows written with the change, then relayed.

``OutboxWriter`` adds a row in the caller's session, so the event commits or
rolls back with the state change. ``OutboxRelay`` publishes unsent rows with
publisher confirms and marks them sent; ``relay_loop.RelayLoop`` runs it right
after each commit (``kick``) and by a periodic sweep, backing off while the
broker is down. A crash between commit and publish leaves the row
unsent, and the next sweep (in this or any replica) publishes it: delivery is
at least once.

Order: a single relay publishes rows in the order of their ids, which is
roughly commit order (a transaction that commits late can follow a later one),
and a row the broker refuses waits for its retry while later rows go on.
Replicas take batches with ``FOR UPDATE SKIP LOCKED`` and publish them side by
side, so there is no global order, and not even the events of one aggregate
(one ``subject``) are sure to arrive in the order they happened. Consumers
must not rely on order: carry a version or time in the data and ignore an
older state (as ``portal_contracts.agreements`` does). SQLite is for a single
process (``make run``, benchmarks): it ignores ``SKIP LOCKED``, so two
processes' relays would publish the same rows, and a writer locks the whole
file; replicas need PostgreSQL.

A row that fails by itself (the broker refuses its exchange or routing key,
its body is no JSON object) is retried with growing pauses (1 s, 2 s, 4 s, ...
at most 5 min) while later rows go on, and parked after ``park_after``
attempts: it keeps ``parked_at`` and its ``last_error``, the relay skips it,
``portal_outbox_parked`` counts it, and ``python -m portal_kit.outbox_admin
replay`` puts it back. A broker that is down is not the row's fault: the batch
stops, and nothing is counted against its rows.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Table, bindparam, func, insert, or_, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from portal_kit import events as ce
from portal_kit.clock import Clock

log = logging.getLogger(__name__)

DEFAULT_PARK_AFTER = 10
WRITTEN = "portal_outbox_written"  # in ``Session.info``: this transaction added rows
FIRST_RETRY_SECONDS = 1.0
LONGEST_RETRY_SECONDS = 300.0
ASYNC_COMMIT = text("SET LOCAL synchronous_commit TO OFF")


def park_after_setting(config: Mapping[str, Any]) -> int:
    """``OUTBOX_PARK_AFTER_ATTEMPTS`` (10): a refused row is parked after this many."""
    attempts = int(config.get("OUTBOX_PARK_AFTER_ATTEMPTS") or DEFAULT_PARK_AFTER)
    if attempts < 1:
        raise ValueError("OUTBOX_PARK_AFTER_ATTEMPTS must be at least 1")
    return attempts


class PublishRefused(Exception):
    """The broker refused this message (its exchange, routing key or body), while the
    connection itself works: the row's own fault, not an outage."""


class Publisher(Protocol):
    def publish(self, exchange: str, routing_key: str, body: str,
                event: dict[str, Any]) -> None:
        """Returns once confirmed; raises ``PublishRefused`` when the broker refuses
        the message, anything else when the broker cannot be used."""

    def close(self) -> None: ...


class Batch(NamedTuple):
    taken: int  # rows the batch took from the table
    sent: int


class OutboxWriter:
    """Adds CloudEvents to the outbox table inside the caller's transaction."""

    def __init__(self, table: Table, exchange: str, clock: Clock) -> None:
        self.table = table
        self.exchange = exchange
        self.clock = clock
        self._insert = insert(table)  # built once: values come as parameters

    def add(self, session: Session, event: dict[str, Any]) -> None:
        session.info[WRITTEN] = True  # the unit of work kicks the relay after this commit
        session.execute(self._insert, {
            "event_id": event["id"], "exchange": self.exchange, "routing_key": event["type"],
            "body": ce.encode(event), "created_at": self.clock.now(), "attempts": 0})


class OutboxRelay:
    """Publishes unsent outbox rows, oldest first, marks them sent, parks the refused."""

    def __init__(self, session_factory: sessionmaker[Session], table: Table,
                 publisher: Publisher, clock: Clock, batch_size: int = 100,
                 park_after: int = DEFAULT_PARK_AFTER) -> None:
        self.session_factory = session_factory
        self.table = table
        self.publisher = publisher
        self.clock = clock
        self.batch_size = batch_size
        self.park_after = park_after
        t = table  # the statements of every round, built once (values are parameters)
        self._pending_rows = (
            select(t.c.id, t.c.event_id, t.c.exchange, t.c.routing_key, t.c.body,
                   t.c.attempts)
            .where(t.c.sent_at.is_(None), t.c.parked_at.is_(None),
                   or_(t.c.retry_at.is_(None), t.c.retry_at <= bindparam("now")))
            .order_by(t.c.id).limit(batch_size).with_for_update(skip_locked=True))
        self._sent = (update(t).where(t.c.id.in_(bindparam("ids", expanding=True)))
                      .values(sent_at=bindparam("sent_at")))

    def publish_pending(self) -> Batch:
        """Publish one batch. Raises (after marking what was sent) if the broker fails."""
        with self.session_factory() as session:
            rows = session.execute(self._pending_rows, {"now": self.clock.now()}).all()
            sent: list[int] = []
            try:
                for row in rows:
                    try:
                        self._publish(row)
                    except PublishRefused as exc:
                        self._refused(session, row, exc)
                    else:
                        sent.append(row.id)
            finally:
                self._mark_sent(session, sent)
                session.commit()
        return Batch(len(rows), len(sent))

    def close(self) -> None:
        self.publisher.close()

    def depth(self) -> tuple[int, datetime | None]:
        """How many rows wait (parked ones aside), and since when the oldest waits."""
        t = self.table
        with self.session_factory() as session:
            count, oldest = session.execute(
                select(func.count(t.c.id), func.min(t.c.created_at))
                .where(t.c.sent_at.is_(None), t.c.parked_at.is_(None))).one()
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=self.clock.now().tzinfo)
        return count, oldest

    def parked(self) -> int:
        t = self.table
        with self.session_factory() as session:
            return int(session.execute(select(func.count(t.c.id)).where(
                t.c.sent_at.is_(None), t.c.parked_at.is_not(None))).scalar_one())

    def _publish(self, row: Any) -> None:
        try:
            event = ce.decode(row.body)
        except ValueError as exc:
            raise PublishRefused(f"the body is not valid JSON: {exc}") from exc
        if not isinstance(event, dict):
            raise PublishRefused("the body is not a JSON object")
        self.publisher.publish(row.exchange, row.routing_key, row.body, event)

    def _mark_sent(self, session: Session, ids: list[int]) -> None:
        """Mark the rows sent. On PostgreSQL this commit need not wait for the disk
        (``synchronous_commit`` off for this transaction only): were the mark lost in a
        crash of the database, the rows would go out again, which consumers' inboxes
        skip, as with any redelivery; the change and its event were committed durably."""
        if not ids:
            return
        if session.get_bind().dialect.name == "postgresql":
            session.execute(ASYNC_COMMIT)
        session.execute(self._sent, {"ids": ids, "sent_at": self.clock.now()})

    def _refused(self, session: Session, row: Any, exc: Exception) -> None:
        """Count the attempt; retry later, with growing pauses, or park the row."""
        attempts, now = row.attempts + 1, self.clock.now()
        error = f"{type(exc).__name__}: {exc}"[:2000]
        values: dict[str, Any] = {"attempts": attempts, "last_error": error}
        if attempts >= self.park_after:
            values["parked_at"] = now
            log.error("parked outbox row %s (event %s to %s %s) after %s attempts: %s",
                      row.id, row.event_id, row.exchange, row.routing_key, attempts, error)
        else:
            pause = min(FIRST_RETRY_SECONDS * 2 ** (attempts - 1), LONGEST_RETRY_SECONDS)
            values["retry_at"] = now + timedelta(seconds=pause)
            log.warning("outbox row %s (event %s) refused, attempt %s of %s: %s",
                        row.id, row.event_id, attempts, self.park_after, error)
        session.execute(update(self.table).where(self.table.c.id == row.id).values(**values))
