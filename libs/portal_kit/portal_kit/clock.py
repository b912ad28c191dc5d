"""Time is injected so that rules about windows and deadlines are testable.

Domain rules read the clock the kit's wiring gives them (``clock_from_config``):
in development a ``ShiftableClock``, whose offset from real time lives in a
file every service of a ``make run`` reads (``deploy/clock.py`` moves it), so a
story can jump a year ahead while the system runs; everywhere else the plain
``SystemClock``. Token and protocol checks (expiry, ``iat``, codes, rate
limits) always use ``SystemClock``.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

log = logging.getLogger(__name__)

CLOCK_FILE_NAME = "clock-offset"


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock, always timezone-aware UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock for tests: stands still until told to move."""

    def __init__(self, at: datetime) -> None:
        self._at = at

    def now(self) -> datetime:
        return self._at


class ClockRefused(RuntimeError):
    """A shifted clock was asked for outside development."""


class ShiftableClock:
    """Real UTC time plus an offset in seconds read from ``path`` (development only).

    The file holds one number (seconds, may be negative); a missing file means
    no offset. The file is read again only when its modification time, size or
    inode change, so ``now()`` costs one ``stat``.
    """

    def __init__(self, path: Path | str, real: Clock | None = None) -> None:
        self.path = Path(path)
        self.real = real or SystemClock()
        self._seen: tuple[int, int, int] | None = None
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return self.real.now() + self.offset()

    def offset(self) -> timedelta:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            self._seen, self._offset = None, timedelta(0)
            return self._offset
        seen = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if seen != self._seen:
            self._seen, self._offset = seen, read_offset(self.path)
        return self._offset


def read_offset(path: Path) -> timedelta:
    try:
        return timedelta(seconds=float(path.read_text().strip() or 0))
    except (OSError, ValueError, OverflowError) as exc:
        log.warning("clock offset file %s unreadable (%s): using real time", path, exc)
        return timedelta(0)


def write_offset(path: Path, offset: timedelta) -> None:
    """Replace the offset file in one step, so a reader never sees half a number."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(f"{offset.total_seconds():.0f}\n")
    partial.replace(path)


def clock_file(config: Mapping[str, Any]) -> Path:
    given = config.get("PORTAL_CLOCK_FILE")
    if given:
        return Path(str(given))
    return Path(str(config.get("DATA_DIR") or config.get("PORTAL_DATA_DIR") or ".data")) / (
        CLOCK_FILE_NAME)


def clock_from_config(config: Mapping[str, Any]) -> Clock:
    """The clock domain rules see: shiftable in development, refused anywhere else."""
    path = clock_file(config)
    environment = str(config.get("PORTAL_ENV") or "development")
    if environment == "development":
        return ShiftableClock(path)
    if config.get("PORTAL_CLOCK_FILE") or path.exists():
        raise ClockRefused(
            f"A clock offset file is configured or present ({path}) but PORTAL_ENV is "
            f"{environment!r}: shifting time is for PORTAL_ENV=development only. Remove "
            "PORTAL_CLOCK_FILE and the file to start.")
    return SystemClock()


def local_date(at: datetime, tz_name: str) -> date:
    """The calendar date of ``at`` in a time zone such as ``Europe/Oslo``."""
    if at.tzinfo is None:
        raise ValueError("local_date needs a timezone-aware time")
    return at.astimezone(ZoneInfo(tz_name)).date()
