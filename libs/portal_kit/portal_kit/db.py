"""Engines, sessions and the kit's own tables (outbox, inbox) on a service's metadata."""
from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

PING_IDLE_SECONDS = 1.0
# The largest value of an INTEGER column (PostgreSQL's int4): a number a request names for
# one (a version, a row id) is refused above it, not sent to the database (SQLite raised
# OverflowError past 2**63, a 500; make fuzz).
ROW_ID_MAX = 2**31 - 1
CHECKED_IN = "portal_checked_in_at"  # in a pooled connection's ``info``: monotonic time


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def database_url(url: str) -> str:
    """Plain ``postgresql://`` means psycopg2 here (cooperative under eventlet).

    SQLAlchemy 2.1 would pick psycopg 3, which blocks the whole eventlet hub.
    """
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg2://" + url[len(plain):]
    return url


def make_engine(url: str, ping_idle_seconds: float = PING_IDLE_SECONDS) -> Engine:
    """One engine per service process; SQLite gets a single shared connection.

    Under eventlet, SQLite writes from two connections deadlock each other, so
    SQLite runs on one connection handed out in turn (``pool_size=1``). SQLite
    is for a single process (``make run``, benchmarks); replicas need PostgreSQL.
    """
    url = database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, poolclass=QueuePool, pool_size=1, max_overflow=0,
                               pool_timeout=30,
                               connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # Last in, first out: the connection in steady use stays in use, the others idle
    # (and are pinged when a burst needs them again).
    engine = create_engine(url, pool_size=5, max_overflow=10, pool_timeout=10,
                           pool_use_lifo=True)
    ping_after_idle(engine, ping_idle_seconds)
    return engine


def ping_after_idle(engine: Engine, idle_seconds: float) -> None:
    """Ping a pooled connection before use only if it waited longer than ``idle_seconds``.

    SQLAlchemy's ``pool_pre_ping`` costs a round trip on every checkout, three per
    event hop (``make bench``). A connection in steady use has hardly died since its
    last statement, and if it has, the failure is retried like any outage (a handler's
    transient retry, the relay's next round, a 503 the client repeats; the pool then
    drops its older connections). One that waited in the pool (across a database
    restart, an idle timeout) is pinged, and replaced if dead.
    """
    @event.listens_for(engine, "checkin")
    def checked_in(dbapi_connection: Any, record: Any) -> None:
        record.info[CHECKED_IN] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        waited = time.monotonic() - record.info.get(CHECKED_IN, time.monotonic())
        if waited <= idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the pool retries with a fresh connection
            raise DisconnectionError(f"a pooled connection had died: {exc}") from exc


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """pysqlite sends no BEGIN before a SELECT or SAVEPOINT, so a released savepoint
    would commit on its own (the inbox row without the handler's change). SQLAlchemy's
    recipe: the driver stops managing transactions and ``_sqlite_begin`` sends BEGIN.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def kit_tables(metadata: MetaData) -> tuple[Table, Table]:
    """Add the outbox and inbox tables to a service's metadata (and so its migrations).

    ``retry_at`` and ``parked_at`` (migration 0002) hold back a row the broker
    refused: until its next attempt, and for good once parked (see ``outbox``).
    """
    outbox = Table(
        "outbox", metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("exchange", String(200), nullable=False),
        Column("routing_key", String(200), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("sent_at", UtcDateTime(), nullable=True, index=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
        Column("retry_at", UtcDateTime(), nullable=True),
        Column("parked_at", UtcDateTime(), nullable=True),
    )
    inbox = Table(
        "inbox", metadata,
        Column("event_id", String(200), primary_key=True),
        Column("consumer", String(200), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("received_at", UtcDateTime(), nullable=False, index=True),
    )
    return outbox, inbox
