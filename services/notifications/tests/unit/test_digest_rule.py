from datetime import UTC, date, datetime

from notifications.domain.digest import digest_day


class TestDigestDay:
    def test_nothing_is_due_before_the_hour_in_the_recipients_time_zone(self):
        # 05:30 UTC is 06:30 in Oslo in winter: before 07:00.
        assert digest_day(datetime(2026, 1, 5, 5, 30, tzinfo=UTC), "Europe/Oslo", 7) is None

    def test_the_local_date_is_due_from_the_hour_on(self):
        assert digest_day(datetime(2026, 1, 5, 6, 0, tzinfo=UTC), "Europe/Oslo", 7) == date(
            2026, 1, 5)

    def test_the_local_date_not_the_utc_date_counts(self):
        # 23:30 UTC on 5 January is already 6 January in Copenhagen.
        assert digest_day(datetime(2026, 1, 5, 23, 30, tzinfo=UTC), "Europe/Copenhagen",
                          0) == date(2026, 1, 6)

    def test_summer_time_moves_the_hour_with_the_clock(self):
        assert digest_day(datetime(2026, 7, 1, 5, 0, tzinfo=UTC), "Europe/Oslo", 7) == date(
            2026, 7, 1)
        assert digest_day(datetime(2026, 7, 1, 4, 59, tzinfo=UTC), "Europe/Oslo", 7) is None
