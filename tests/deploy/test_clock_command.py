"""deploy/clock.py: show, shift, set and reset the development clock's offset."""
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from portal_kit.clock import ShiftableClock, read_offset, write_offset

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock(load_program, tmp_path, capsys):
    program = load_program("clock")
    environ = {"PORTAL_DATA_DIR": str(tmp_path)}

    def run(*argv, **env):
        code = program.main(list(argv), dict(environ, **env), now=NOW)
        return code, capsys.readouterr()
    return run


def offset(tmp_path):
    return read_offset(tmp_path / "clock-offset")


def test_shift_adds_to_the_offset_in_days_hours_or_backwards(clock, tmp_path):
    assert clock("shift", "400d")[0] == 0
    assert offset(tmp_path) == timedelta(days=400)
    clock("shift", "12h")
    clock("shift", "-30d")
    assert offset(tmp_path) == timedelta(days=370, hours=12)


def test_set_moves_the_portal_to_a_given_moment(clock, tmp_path):
    code, out = clock("set", "2027-06-01T12:00Z")
    assert code == 0 and "portal time  2027-06-01T12:00:00+00:00" in out.out
    assert NOW + offset(tmp_path) == datetime(2027, 6, 1, 12, tzinfo=UTC)


def test_reset_goes_back_to_real_time_and_show_says_so(clock, tmp_path):
    clock("shift", "5d")
    clock("reset")
    assert not (tmp_path / "clock-offset").exists()
    code, out = clock("show")
    assert code == 0 and "offset       +0d 00:00:00" in out.out
    assert "real time    2026-05-01T12:00:00+00:00" in out.out


def test_portal_clock_file_names_the_file(clock, tmp_path):
    clock("shift", "1d", PORTAL_CLOCK_FILE=str(tmp_path / "other"))
    assert read_offset(tmp_path / "other") == timedelta(days=1)
    assert not (tmp_path / "clock-offset").exists()


def test_a_running_service_clock_sees_the_shift_at_once(clock, tmp_path):
    service_clock = ShiftableClock(tmp_path / "clock-offset")
    assert abs(service_clock.now() - datetime.now(UTC)) < timedelta(minutes=1)
    clock("shift", "400d")
    assert service_clock.now() - datetime.now(UTC) > timedelta(days=399)


@pytest.mark.parametrize("argv", [["shift", "400"], ["shift", "a year"],
                                  ["set", "next tuesday"], ["travel"]])
def test_nonsense_is_refused_with_a_usage_message(clock, argv, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        clock(*argv)
    assert exit_.value.code == 2 and not (tmp_path / "clock-offset").exists()


def test_time_travel_is_refused_outside_development(clock, tmp_path):
    code, out = clock("shift", "400d", PORTAL_ENV="production")
    assert code == 2 and "development only" in out.err
    assert not (tmp_path / "clock-offset").exists()


def test_the_command_runs_as_a_program(tmp_path):
    done = subprocess.run([sys.executable, "deploy/clock.py", "shift", "2d"], capture_output=True,
                          text=True, env={"PORTAL_DATA_DIR": str(tmp_path)}, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert "offset       +2d 00:00:00" in done.stdout


def test_make_run_says_when_the_portal_runs_on_a_shifted_clock(load_program, tmp_path,
                                                               monkeypatch):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "deploy"))
    run = load_program("run")
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PORTAL_CLOCK_FILE", raising=False)
    env = run.settings()
    assert "clock" not in run.summary(env, [])
    write_offset(tmp_path / "clock-offset", timedelta(days=400))
    assert "clock          shifted by 400 days" in run.summary(env, [])
