import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import MetaData

from portal_kit import clock as clocks
from portal_kit.clock import (
    ClockRefused,
    FixedClock,
    ShiftableClock,
    SystemClock,
    clock_from_config,
    local_date,
    write_offset,
)
from portal_kit.db import kit_tables
from portal_kit.uow import UnitOfWork
from portal_kit.wiring import ServiceParts, wire

REAL = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def offset_file(tmp_path):
    return tmp_path / "clock-offset"


def shiftable(path):
    return ShiftableClock(path, real=FixedClock(REAL))


class TestShiftableClock:
    def test_without_an_offset_file_it_tells_real_time(self, offset_file):
        assert shiftable(offset_file).now() == REAL

    def test_it_adds_the_offset_written_to_the_file(self, offset_file):
        write_offset(offset_file, timedelta(days=400))
        assert shiftable(offset_file).now() == REAL + timedelta(days=400)

    def test_a_running_clock_follows_the_file_when_it_changes_and_when_it_goes(self, offset_file):
        clock = shiftable(offset_file)
        assert clock.now() == REAL
        write_offset(offset_file, timedelta(hours=12))
        assert clock.now() == REAL + timedelta(hours=12)
        write_offset(offset_file, timedelta(days=-30))
        assert clock.now() == REAL - timedelta(days=30)
        offset_file.unlink()
        assert clock.now() == REAL

    def test_the_file_is_read_again_only_when_it_changed(self, offset_file, monkeypatch):
        reads = []
        real_read = clocks.read_offset
        monkeypatch.setattr(clocks, "read_offset", lambda p: reads.append(p) or real_read(p))
        write_offset(offset_file, timedelta(days=1))
        clock = shiftable(offset_file)
        for _ in range(50):
            clock.now()
        assert len(reads) == 1
        offset_file.write_text("7200\n")  # same inode, new size and time
        assert clock.now() == REAL + timedelta(hours=2) and len(reads) == 2

    def test_an_unreadable_file_means_real_time_rather_than_a_crash(self, offset_file):
        offset_file.write_text("next tuesday\n")
        assert shiftable(offset_file).now() == REAL

    def test_the_real_clock_underneath_is_the_systems_by_default(self, offset_file):
        write_offset(offset_file, timedelta(days=1))
        before = datetime.now(UTC)
        shifted = ShiftableClock(offset_file).now()
        assert before + timedelta(days=1) <= shifted <= datetime.now(UTC) + timedelta(days=1)

    def test_the_file_is_replaced_whole_so_no_stray_files_are_left(self, offset_file):
        write_offset(offset_file, timedelta(days=2))
        assert os.listdir(offset_file.parent) == ["clock-offset"]
        assert offset_file.read_text() == "172800\n"


class TestClockFromConfig:
    def test_development_gets_a_shiftable_clock_on_the_data_folders_file(self, tmp_path):
        clock = clock_from_config({"PORTAL_ENV": "development", "DATA_DIR": str(tmp_path)})
        assert isinstance(clock, ShiftableClock) and clock.path == tmp_path / "clock-offset"

    def test_development_is_the_default_and_portal_clock_file_names_the_file(self, tmp_path):
        clock = clock_from_config({"PORTAL_CLOCK_FILE": str(tmp_path / "elsewhere")})
        assert isinstance(clock, ShiftableClock) and clock.path == tmp_path / "elsewhere"

    def test_production_gets_the_system_clock(self, tmp_path):
        clock = clock_from_config({"PORTAL_ENV": "production", "DATA_DIR": str(tmp_path)})
        assert isinstance(clock, SystemClock)

    def test_a_configured_clock_file_outside_development_stops_start_up(self, tmp_path):
        with pytest.raises(ClockRefused, match="PORTAL_ENV=development only"):
            clock_from_config({"PORTAL_ENV": "production",
                               "PORTAL_CLOCK_FILE": str(tmp_path / "clock")})

    def test_a_clock_file_present_outside_development_stops_start_up(self, tmp_path):
        write_offset(tmp_path / "clock-offset", timedelta(days=1))
        with pytest.raises(ClockRefused, match=str(tmp_path / "clock-offset")):
            clock_from_config({"PORTAL_ENV": "staging", "DATA_DIR": str(tmp_path)})


@dataclass(frozen=True)
class WhatTimeIsIt:
    pass


def what_time_is_it(command, uow, clock):
    return clock.now()


class TestWiring:
    def parts(self):
        metadata = MetaData()
        outbox, inbox = kit_tables(metadata)
        return ServiceParts("clocked", metadata, outbox, inbox, UnitOfWork, {},
                            {WhatTimeIsIt: what_time_is_it}, {})

    def config(self, tmp_path, **extra):
        return dict({"DATABASE_URL": f"sqlite:///{tmp_path}/db", "AMQP_URI": "amqp://unused/",
                     "PORTAL_ENV": "development", "DATA_DIR": str(tmp_path)}, **extra)

    def test_handlers_see_the_shifted_clock_and_the_outbox_keeps_real_time(self, tmp_path):
        write_offset(tmp_path / "clock-offset", timedelta(days=400))
        app = wire(self.parts(), self.config(tmp_path))
        seen = app.bus.handle(WhatTimeIsIt())
        assert seen - datetime.now(UTC) > timedelta(days=399)
        assert abs(app.relay.clock.now() - datetime.now(UTC)) < timedelta(minutes=1)
        app.engine.dispose()

    def test_an_injected_clock_wins_over_the_config(self, tmp_path):
        app = wire(self.parts(), self.config(tmp_path), clock=FixedClock(REAL))
        assert app.bus.handle(WhatTimeIsIt()) == REAL
        app.engine.dispose()

    def test_a_service_outside_development_with_a_clock_file_does_not_start(self, tmp_path):
        config = self.config(tmp_path, PORTAL_ENV="production",
                             PORTAL_CLOCK_FILE=str(tmp_path / "x"))
        with pytest.raises(ClockRefused):
            wire(self.parts(), config)


class TestLocalDate:
    def test_late_evening_utc_is_already_the_next_day_in_oslo_and_copenhagen(self):
        new_years_eve = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
        assert local_date(new_years_eve, "Europe/Oslo") == date(2027, 1, 1)
        assert local_date(new_years_eve, "Europe/Copenhagen") == date(2027, 1, 1)
        assert new_years_eve.date() == date(2026, 12, 31)

    def test_summer_time_is_two_hours_ahead(self):
        assert local_date(datetime(2026, 6, 30, 22, 0, tzinfo=UTC), "Europe/Oslo") == date(
            2026, 7, 1)
        assert local_date(datetime(2026, 6, 30, 21, 59, tzinfo=UTC), "Europe/Oslo") == date(
            2026, 6, 30)

    def test_a_naive_time_is_refused(self):
        with pytest.raises(ValueError):
            local_date(datetime(2026, 1, 1), "Europe/Oslo")
