from datetime import timedelta

import pytest

from portal_kit.outbox import park_after_setting
from portal_kit.retention import retention_settings


def test_a_refused_row_is_parked_after_ten_attempts_unless_configured_otherwise():
    assert park_after_setting({}) == 10
    assert park_after_setting({"OUTBOX_PARK_AFTER_ATTEMPTS": "3"}) == 3
    assert park_after_setting({"OUTBOX_PARK_AFTER_ATTEMPTS": ""}) == 10


def test_parking_before_the_first_attempt_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        park_after_setting({"OUTBOX_PARK_AFTER_ATTEMPTS": "-1"})


def test_sent_rows_are_kept_a_week_and_inbox_rows_a_month_unless_configured_otherwise():
    assert retention_settings({}) == {"sent_retention": timedelta(days=7),
                                      "inbox_retention": timedelta(days=30)}
    assert retention_settings({"OUTBOX_SENT_RETENTION_DAYS": "0.5",
                               "INBOX_RETENTION_DAYS": "90"}) == {
        "sent_retention": timedelta(hours=12), "inbox_retention": timedelta(days=90)}


@pytest.mark.parametrize("config", [{"INBOX_RETENTION_DAYS": "0.5"},
                                    {"OUTBOX_SENT_RETENTION_DAYS": "-1"}])
def test_an_inbox_that_forgets_within_a_day_or_a_negative_retention_is_refused(config):
    with pytest.raises(ValueError, match="RETENTION_DAYS"):
        retention_settings(config)
