"""Which errors are worth retrying later: real SQLite errors, psycopg2's own error classes.

PostgreSQL errors caught from a real server are in ``tests/integration/test_fault_classes.py``;
here psycopg2's classes carry the SQLSTATEs a test cannot cause on a shared server
(disk full, a server starting up), set the way psycopg2 restores a pickled error.
"""
import sqlite3

import psycopg2
import psycopg2.errors
import pytest
from sqlalchemy import create_engine, exc, text

from portal_kit import faults
from portal_kit.errors import Conflict, Unavailable


def psycopg2_error(sqlstate, message="error"):
    error = psycopg2.errors.lookup(sqlstate)(message)
    error.__setstate__({"pgcode": sqlstate, "pgerror": message, "cursor": None})
    return error


def wrapped(error):
    """The error as SQLAlchemy raises it from a statement."""
    return exc.OperationalError("SELECT 1", {}, error)


@pytest.mark.parametrize("sqlstate", ["08006", "08001", "40001", "40P01", "53300", "55P03",
                                      "57P01", "57P02", "57P03"])
def test_connection_failures_lost_races_and_restarts_are_transient(sqlstate):
    assert faults.is_transient(psycopg2_error(sqlstate))
    assert faults.is_transient(wrapped(psycopg2_error(sqlstate)))


@pytest.mark.parametrize("sqlstate", ["57014", "53100", "53200", "54000", "42P01", "22001"])
def test_timeouts_full_disks_limits_and_bugs_are_not_transient(sqlstate):
    assert not faults.is_transient(psycopg2_error(sqlstate))
    assert not faults.is_transient(wrapped(psycopg2_error(sqlstate)))


def test_a_psycopg2_connection_error_without_sqlstate_is_transient():
    assert faults.is_transient(wrapped(psycopg2.OperationalError("server closed the connection")))
    assert faults.is_transient(exc.InterfaceError("SELECT 1", {}, psycopg2.InterfaceError(
        "connection already closed")))


def test_an_error_sqlalchemy_saw_as_a_lost_connection_is_transient():
    error = exc.DBAPIError("SELECT 1", {}, psycopg2_error("57014"), connection_invalidated=True)
    assert faults.is_transient(error)


@pytest.mark.parametrize("error", [
    Unavailable("away"), exc.DisconnectionError("gone"), exc.TimeoutError("pool empty"),
    ConnectionRefusedError(), TimeoutError()])
def test_unreachable_services_are_transient(error):
    assert faults.is_transient(error)


@pytest.mark.parametrize("error", [Conflict("no"), KeyError("x"), ValueError("bad")])
def test_domain_errors_and_bugs_are_not_transient(error):
    assert not faults.is_transient(error)


def test_sqlite_database_is_locked_is_transient(tmp_path):
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    try:
        with pytest.raises(exc.OperationalError) as error, engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (1)"))
        assert "database is locked" in str(error.value)
        assert faults.is_transient(error.value)
    finally:
        holder.execute("ROLLBACK")
        engine.dispose()


def test_sqlite_errors_other_than_locking_are_not_transient():
    engine = create_engine("sqlite://")
    with pytest.raises(exc.OperationalError) as error, engine.connect() as connection:
        connection.execute(text("SELECT * FROM no_such_table"))
    assert not faults.is_transient(error.value)
