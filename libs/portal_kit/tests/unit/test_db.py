from datetime import UTC, datetime, timedelta, timezone

import pytest

from portal_kit.db import UtcDateTime, database_url


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
