"""The classifier on errors caught from a real PostgreSQL, as SQLAlchemy raises them."""
import threading

import psycopg2
import pytest
from sqlalchemy import create_engine, exc, text
from test_database_outage import set_connections_allowed

from portal_kit import faults


@pytest.fixture
def database_url(make_database):
    """PostgreSQL only: these are its errors (the kit's other tests run on SQLite too)."""
    return make_database("db")


@pytest.fixture
def engine(database_url):
    engine = create_engine(database_url, pool_pre_ping=False)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT, "
                                "n INTEGER CHECK (n > 0), parent INTEGER REFERENCES parent, "
                                "code TEXT UNIQUE)"))
        connection.execute(text("CREATE INDEX ON t (x)"))
        connection.execute(text("INSERT INTO t (id, x, code) VALUES (1, 'a', 'A'), (2, 'b', 'B')"))
    yield engine
    engine.dispose()


def error_from(engine, *statements):
    with pytest.raises(exc.DBAPIError) as caught, engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    return caught.value


class TestNotTransient:
    def test_a_statement_timeout(self, engine):
        error = error_from(engine, "SET LOCAL statement_timeout = 1", "SELECT pg_sleep(1)")
        assert (type(error), faults.sqlstate(error)) == (exc.OperationalError, "57014")
        assert not faults.is_transient(error)

    def test_an_index_row_too_large(self, engine):
        error = error_from(engine, "INSERT INTO t (id, x) VALUES (3, (SELECT string_agg(md5(random()::text),"
                                   " '') FROM generate_series(1, 200)))")
        assert (type(error), faults.sqlstate(error)) == (exc.OperationalError, "54000")
        assert not faults.is_transient(error)

    def test_a_unique_violation(self, engine):
        error = error_from(engine, "INSERT INTO t (id) VALUES (1)")
        assert faults.sqlstate(error) == "23505"
        assert not faults.is_transient(error)

    def test_a_missing_table(self, engine):
        assert not faults.is_transient(error_from(engine, "SELECT * FROM nowhere"))


class TestTransient:
    def test_a_serialization_failure(self, engine):
        with engine.connect() as first, engine.begin() as second:
            first.execution_options(isolation_level="REPEATABLE READ")
            first.execute(text("SELECT x FROM t WHERE id = 1"))
            second.execute(text("UPDATE t SET x = 'second' WHERE id = 1"))
            second.commit()
            with pytest.raises(exc.OperationalError) as error:
                first.execute(text("UPDATE t SET x = 'first' WHERE id = 1"))
        assert faults.sqlstate(error.value) == "40001"
        assert faults.is_transient(error.value)

    def test_a_deadlock(self, engine):
        errors, both_locked = [], threading.Barrier(2, timeout=10)

        def lock(first, then):
            try:
                with engine.begin() as connection:
                    update = text("UPDATE t SET x = 'l' WHERE id = :id")
                    connection.execute(update, {"id": first})
                    both_locked.wait()
                    connection.execute(update, {"id": then})
            except exc.DBAPIError as error:
                errors.append(error)

        threads = [threading.Thread(target=lock, args=order) for order in ((1, 2), (2, 1))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        [error] = errors
        assert faults.sqlstate(error) == "40P01"
        assert faults.is_transient(error)

    def test_a_connection_the_server_terminated(self, engine, postgres_admin_url):
        with engine.connect() as connection:
            pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
            admin = psycopg2.connect(postgres_admin_url)
            admin.autocommit = True
            admin.cursor().execute("SELECT pg_terminate_backend(%s)", (pid,))
            admin.close()
            with pytest.raises(exc.DBAPIError) as error:
                connection.execute(text("SELECT 1"))
        assert faults.is_transient(error.value)

    def test_a_database_that_accepts_no_connections(self, engine, postgres_admin_url,
                                                    database_url):
        engine.dispose()
        set_connections_allowed(postgres_admin_url, database_url, False)
        try:
            with pytest.raises(exc.OperationalError) as error, engine.connect():
                pass
        finally:
            set_connections_allowed(postgres_admin_url, database_url, True)
        assert faults.is_transient(error.value)

    def test_a_refused_connection(self):
        engine = create_engine("postgresql+psycopg2://postgres@127.0.0.1:1/none")
        with pytest.raises(exc.OperationalError) as error, engine.connect():
            pass
        assert faults.is_transient(error.value)


class TestConflictingWrites:
    @pytest.mark.parametrize("statement", ["INSERT INTO t (id) VALUES (1)",
                                           "INSERT INTO t (id, code) VALUES (3, 'A')"])
    def test_a_unique_violation_is_a_conflict(self, engine, statement):
        error = error_from(engine, statement)
        assert faults.sqlstate(error) == "23505"
        assert faults.is_conflicting_write(error)

    @pytest.mark.parametrize("statement, sqlstate", [
        ("INSERT INTO t (id) VALUES (NULL)", "23502"),
        ("INSERT INTO t (id, parent) VALUES (3, 9)", "23503"),
        ("INSERT INTO t (id, n) VALUES (3, 0)", "23514")])
    def test_other_integrity_errors_are_not(self, engine, statement, sqlstate):
        error = error_from(engine, statement)
        assert (type(error), faults.sqlstate(error)) == (exc.IntegrityError, sqlstate)
        assert not faults.is_conflicting_write(error)
