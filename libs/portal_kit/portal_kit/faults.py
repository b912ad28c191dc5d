"""Which failures are the infrastructure's (retry later) rather than the request's or a bug's.

Transient: the same work may succeed later, so an event is retried without using
up its attempts (up to ``EVENT_TRANSIENT_MAX_RETRIES``) and HTTP answers 503:
- the kit's ``Unavailable``, Python's ``ConnectionError`` and ``TimeoutError``,
  SQLAlchemy's ``DisconnectionError`` and pool ``TimeoutError``, and any database
  error SQLAlchemy recognised as a lost connection (``connection_invalidated``);
- PostgreSQL errors by SQLSTATE: class 08 (connection exception); 40001
  serialization_failure and 40P01 deadlock_detected (the transaction lost a race;
  running it again normally succeeds); 53300 too_many_connections; 55P03
  lock_not_available (another transaction holds the lock); 57P01 admin_shutdown,
  57P02 crash_shutdown, 57P03 cannot_connect_now (a restart or failover);
- a psycopg2 ``OperationalError`` or ``InterfaceError`` without SQLSTATE: that is
  how libpq reports a connection that failed or was lost (refused, closed by the
  server, database not accepting connections, "connection already closed");
- SQLite's "database is locked" (``SQLITE_BUSY``, ``SQLITE_LOCKED``).

Everything else is not transient: the same work fails the same way again, so an
event goes through its normal retries to dead letters and HTTP answers 500 (logged).
That includes 57014 query_canceled (a statement timeout: the statement is too slow,
not the server away), 53100 disk_full and 53200 out_of_memory (an operator must act;
retrying forever would hide it), 54000 program_limit_exceeded (e.g. an index row too
large) and every other SQLSTATE.
"""
from __future__ import annotations

import sqlite3

import psycopg2
from sqlalchemy import exc as sql

from portal_kit.errors import Unavailable

TRANSIENT: tuple[type[BaseException], ...] = (
    Unavailable, sql.DisconnectionError, sql.TimeoutError, ConnectionError, TimeoutError)
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "53300", "55P03", "57P01", "57P02", "57P03"})
CONNECTION_EXCEPTION_CLASS = "08"
SQLITE_LOCKED = ("SQLITE_BUSY", "SQLITE_LOCKED")
UNIQUE_VIOLATION = "23505"
SQLITE_UNIQUE = ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")


def is_transient(exc: BaseException) -> bool:
    """A database or broker that cannot be reached now; the same work may succeed later."""
    if isinstance(exc, TRANSIENT):
        return True
    if isinstance(exc, sql.DBAPIError):
        return bool(exc.connection_invalidated) or _transient_driver_error(exc.orig)
    return _transient_driver_error(exc)


def sqlstate(error: BaseException | None) -> str | None:
    """The SQLSTATE a PostgreSQL driver reported (psycopg2 ``pgcode``, psycopg ``sqlstate``)."""
    if isinstance(error, sql.DBAPIError):
        error = error.orig
    return getattr(error, "pgcode", None) or getattr(error, "sqlstate", None)


def _transient_driver_error(error: BaseException | None) -> bool:
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", "")
        return name.startswith(SQLITE_LOCKED) or "database is locked" in str(error)
    code = sqlstate(error)
    if code:
        return code.startswith(CONNECTION_EXCEPTION_CLASS) or code in TRANSIENT_SQLSTATES
    return isinstance(error, (psycopg2.OperationalError, psycopg2.InterfaceError))


def is_conflicting_write(exc: BaseException) -> bool:
    """A concurrent change won a uniqueness race (the loser's request conflicts).

    Only a unique violation means that (PostgreSQL 23505, SQLite "UNIQUE constraint
    failed", primary keys included); a NOT NULL, foreign key or check violation is
    a bug in the code that wrote, and answers 500.
    """
    if not isinstance(exc, sql.IntegrityError):
        return False
    if isinstance(exc.orig, sqlite3.Error):
        name = getattr(exc.orig, "sqlite_errorname", "")
        return name in SQLITE_UNIQUE or "UNIQUE constraint failed" in str(exc.orig)
    return sqlstate(exc) == UNIQUE_VIOLATION
