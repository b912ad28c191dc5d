from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from portal_kit.db import UtcDateTime, database_url, make_engine


@pytest.mark.parametrize("given, used", [
    ("postgresql://u@h/db", "postgresql+psycopg2://u@h/db"),
    ("postgres://u@h/db", "postgresql+psycopg2://u@h/db"),
    ("postgresql+psycopg2://u@h/db", "postgresql+psycopg2://u@h/db"),
    ("sqlite:///x.db", "sqlite:///x.db")])
def test_a_plain_postgresql_url_uses_the_eventlet_friendly_driver(given, used):
    assert database_url(given) == used


def test_times_are_stored_in_utc_and_read_back_timezone_aware():
    column = UtcDateTime()
    oslo = timezone(timedelta(hours=1))
    stored = column.process_bind_param(datetime(2026, 1, 1, 10, tzinfo=oslo), None)
    assert stored == datetime(2026, 1, 1, 9, tzinfo=UTC)
    naive_from_sqlite = datetime(2026, 1, 1, 9)
    assert column.process_result_value(naive_from_sqlite, None).tzinfo == UTC


def test_a_naive_time_is_refused_rather_than_guessed():
    with pytest.raises(ValueError):
        UtcDateTime().process_bind_param(datetime(2026, 1, 1), None)


class TestSqlite:
    """SQLite files (``make run``) keep the transactions the kit relies on."""

    @pytest.fixture
    def engine(self, tmp_path):
        engine = make_engine(f"sqlite:///{tmp_path}/kit.db")
        with engine.begin() as connection:
            connection.execute(text("create table things (name text)"))
        yield engine
        engine.dispose()

    def test_a_released_savepoint_rolls_back_with_its_transaction(self, engine):
        with engine.connect() as connection:
            connection.execute(text("select count(*) from things"))
            with connection.begin_nested():
                connection.execute(text("insert into things values ('recorded')"))
            connection.rollback()
        with engine.connect() as connection:
            assert connection.execute(text("select count(*) from things")).scalar() == 0

    def test_a_session_savepoint_rolls_back_with_the_session(self, engine):
        with Session(engine) as session:
            session.execute(text("select count(*) from things"))
            with session.begin_nested():
                session.execute(text("insert into things values ('recorded')"))
        with engine.connect() as connection:
            assert connection.execute(text("select count(*) from things")).scalar() == 0

    def test_commits_still_commit(self, engine):
        with Session(engine) as session:
            session.execute(text("insert into things values ('kept')"))
            session.commit()
        with engine.connect() as connection:
            assert connection.execute(text("select name from things")).all() == [("kept",)]

    def test_write_ahead_logging_and_foreign_keys_are_on(self, engine):
        with engine.connect() as connection:
            assert connection.execute(text("pragma journal_mode")).scalar() == "wal"
            assert connection.execute(text("pragma foreign_keys")).scalar() == 1
