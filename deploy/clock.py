"""Time travel for stories, development only: move the time every running service's rules see.

    python deploy/clock.py show                 # real time, portal time, offset
    python deploy/clock.py shift 400d           # also 12h, -30d, 90m, 45s (adds to the offset)
    python deploy/clock.py set 2027-06-01T12:00Z
    python deploy/clock.py reset                # back to real time

The offset lives in PORTAL_CLOCK_FILE (default <PORTAL_DATA_DIR>/clock-offset,
PORTAL_DATA_DIR defaulting to .data as under `make run`). Services read it
again as soon as it changes; tokens and protocol checks keep real time.
Refused unless PORTAL_ENV is development (the default).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from portal_kit.clock import clock_file, read_offset, write_offset

ROOT = Path(__file__).resolve().parents[1]
UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds", "w": "weeks"}
SPAN = re.compile(r"^([+-]?\d+)([dhmsw])$")


def parse_span(text: str) -> timedelta:
    match = SPAN.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a span like 400d, 12h or -30d")
    return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


def parse_moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time like 2027-06-01T12:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def describe(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    seconds = int(abs(offset.total_seconds()))
    days, rest = divmod(seconds, 86400)
    return f"{sign}{days}d {rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"


def show(path: Path, now: datetime) -> str:
    offset = read_offset(path) if path.exists() else timedelta(0)
    return (f"real time    {now.isoformat(timespec='seconds')}\n"
            f"portal time  {(now + offset).isoformat(timespec='seconds')}\n"
            f"offset       {describe(offset)}   ({path})")


def settings(environ: dict[str, str]) -> dict[str, str]:
    data_dir = environ.get("PORTAL_DATA_DIR") or str(ROOT / ".data")
    return {"PORTAL_CLOCK_FILE": environ.get("PORTAL_CLOCK_FILE", ""), "DATA_DIR": data_dir}


def main(argv: list[str] | None = None, environ: dict[str, str] | None = None,
         now: datetime | None = None) -> int:
    environ = dict(os.environ) if environ is None else environ
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("show")
    commands.add_parser("shift").add_argument("span", type=parse_span)
    commands.add_parser("set").add_argument("moment", type=parse_moment)
    commands.add_parser("reset")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["shift"] and argv[1:2] and argv[1].startswith("-"):
        argv.insert(1, "--")  # "shift -30d" is a span backwards, not an option
    args = parser.parse_args(argv)
    if (environ.get("PORTAL_ENV") or "development") != "development":
        print("Time travel is for PORTAL_ENV=development only.", file=sys.stderr)
        return 2
    path, now = clock_file(settings(environ)), now or datetime.now(UTC)
    if args.command == "shift":
        current = read_offset(path) if path.exists() else timedelta(0)
        write_offset(path, current + args.span)
    elif args.command == "set":
        write_offset(path, args.moment - now)
    elif args.command == "reset":
        path.unlink(missing_ok=True)
    print(show(path, now))
    return 0


if __name__ == "__main__":
    sys.exit(main())
