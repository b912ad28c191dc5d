"""Operator's command for parked outbox rows (rows the broker refused again and again).

    python -m portal_kit.outbox_admin list --service identity
    python -m portal_kit.outbox_admin replay --service identity --event-id <id> [--event-id ...]
    python -m portal_kit.outbox_admin replay --service identity --all

The database is ``--database-url``, else ``<SERVICE>_DATABASE_URL``, else the
service's local SQLite file (as the migrations find it). Replaying clears a
row's parking and its attempts; the running relay publishes it at its next
sweep. Put right what was wrong first (``last_error`` says what), or the row is
parked again.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy import MetaData, Table, select, update
from sqlalchemy.orm import Session, sessionmaker

from portal_kit.db import kit_tables, make_engine, make_session_factory
from portal_kit.migrations import default_database_url


def parked_rows(sessions: sessionmaker[Session], outbox: Table) -> list[tuple]:
    t = outbox
    with sessions() as session:
        return [tuple(row) for row in session.execute(
            select(t.c.event_id, t.c.exchange, t.c.routing_key, t.c.attempts, t.c.parked_at,
                   t.c.last_error)
            .where(t.c.sent_at.is_(None), t.c.parked_at.is_not(None)).order_by(t.c.id))]


def replay(sessions: sessionmaker[Session], outbox: Table,
           event_ids: Sequence[str] | None = None) -> list[str]:
    """Put parked rows (those named, or all) back in line; returns their event ids."""
    t = outbox
    parked = [t.c.sent_at.is_(None), t.c.parked_at.is_not(None)]
    if event_ids is not None:
        parked.append(t.c.event_id.in_(list(event_ids)))
    with sessions() as session:
        replayed = list(session.execute(update(t).where(*parked).values(
            parked_at=None, retry_at=None, attempts=0).returning(t.c.event_id)).scalars())
        session.commit()
    return replayed


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    engine = make_engine(args.database_url or default_database_url(args.service))
    sessions = make_session_factory(engine)
    outbox, _ = kit_tables(MetaData())
    try:
        if args.command == "list":
            for row in parked_rows(sessions, outbox):
                print("\t".join(str(value) for value in row))
            return 0
        replayed = replay(sessions, outbox, None if args.all else args.event_id)
        print(f"replayed {len(replayed)} parked row(s) of {args.service}")
        missing = set(args.event_id or ()) - set(replayed)
        for event_id in sorted(missing):
            print(f"not parked (unknown, sent or waiting): {event_id}", file=sys.stderr)
        return 1 if missing else 0
    finally:
        engine.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m portal_kit.outbox_admin",
                                     description="List or replay parked outbox rows.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("list", "replay"):
        command = commands.add_parser(name)
        command.add_argument("--service", required=True, help="e.g. identity")
        command.add_argument("--database-url", help="else <SERVICE>_DATABASE_URL")
    which = commands.choices["replay"].add_mutually_exclusive_group(required=True)
    which.add_argument("--event-id", action="append", help="a parked row's event id")
    which.add_argument("--all", action="store_true", help="every parked row")
    return parser


if __name__ == "__main__":
    sys.exit(main())
