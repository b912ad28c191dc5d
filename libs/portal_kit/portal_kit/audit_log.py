"""The audit log's table, its writer and reader, and the triggers that keep it append-only.

A service adds ``audit_table(metadata)`` to its tables, passes it to the kit's
wiring (``ServiceParts(..., audit_table=...)``) and, in the Alembic migration
that creates the table, calls ``append_only(op)``: from then on the database
itself refuses every UPDATE and DELETE of an audit row (and, on PostgreSQL,
a TRUNCATE), whoever sends it. Downgrades call ``drop_append_only(op)`` before
dropping the table.

On SQLite, a batch migration that rebuilds ``audit_log`` (``batch_alter_table``)
copies the rows into a new table without the triggers: call ``append_only``
again after it.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, insert, select
from sqlalchemy.orm import Session

from portal_kit import correlation
from portal_kit.audit import AuditEntry, AuditRecord
from portal_kit.clock import Clock
from portal_kit.db import UtcDateTime

TABLE_NAME = "audit_log"
MAX_LIMIT = 1000
TEXT_COLUMNS = ("actor", "on_behalf_of", "action", "subject_type", "subject_id",
                "trainee_id", "organisation_id", "from_state", "to_state", "reason")


def audit_table(metadata: MetaData) -> Table:
    return Table(
        TABLE_NAME, metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", UtcDateTime(), nullable=False),
        Column("actor", String(200), nullable=False),
        Column("on_behalf_of", String(200)),
        Column("action", String(100), nullable=False),
        Column("subject_type", String(100), nullable=False),
        Column("subject_id", String(200), nullable=False),
        Column("trainee_id", String(200)),
        Column("organisation_id", String(200)),
        Column("from_state", String(100)),
        Column("to_state", String(100)),
        Column("reason", Text),
        Column("detail", Text, nullable=False),
        Column("correlation_id", String(100)),
        Index("ix_audit_log_subject", "subject_type", "subject_id"),
        Index("ix_audit_log_trainee_id", "trainee_id"),
        Index("ix_audit_log_at", "at"),
    )


class AuditWriter:
    """Inserts entries in the caller's session, so they commit or roll back with the change."""

    def __init__(self, table: Table, clock: Clock) -> None:
        self.table = table
        self.clock = clock

    def write(self, session: Session, entries: list[AuditEntry]) -> None:
        if not entries:
            return
        at, correlation_id = self.clock.now(), correlation.get()
        session.execute(insert(self.table), [
            _row(entry, at, correlation_id) for entry in entries])


def _row(entry: AuditEntry, at: Any, correlation_id: str) -> dict[str, Any]:
    row = {name: getattr(entry, name) for name in TEXT_COLUMNS}
    return dict(row, at=at, correlation_id=correlation_id,
                detail=json.dumps(dict(entry.detail), sort_keys=True, ensure_ascii=False))


class AuditLog:
    """Reads the audit log, newest first, filtered and paged by id."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def entries(self, session: Session, *, subject_type: str | None = None,
                subject_id: str | None = None, trainee_id: str | None = None,
                organisation_id: str | None = None, limit: int = 200,
                before_id: int | None = None) -> list[AuditRecord]:
        t = self.table
        query = select(t).order_by(t.c.id.desc()).limit(max(1, min(limit, MAX_LIMIT)))
        filters = {"subject_type": subject_type, "subject_id": subject_id,
                   "trainee_id": trainee_id, "organisation_id": organisation_id}
        for name, value in filters.items():
            if value is not None:
                query = query.where(t.c[name] == value)
        if before_id is not None:
            query = query.where(t.c.id < before_id)
        return [_record(row) for row in session.execute(query).mappings()]


def _record(row: Any) -> AuditRecord:
    entry = AuditEntry(**{name: row[name] for name in TEXT_COLUMNS},
                       detail=json.loads(row["detail"]))
    return AuditRecord(row["id"], row["at"], row["correlation_id"], entry)


def append_only(op: Any, table_name: str = TABLE_NAME) -> None:
    """In a migration: make the database refuse UPDATE and DELETE of ``table_name``'s rows."""
    for statement in append_only_ddl(op.get_context().dialect.name, table_name):
        op.execute(statement)


def drop_append_only(op: Any, table_name: str = TABLE_NAME) -> None:
    """In a downgrade, before dropping the table: remove what ``append_only`` created."""
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {table_name}_refuse_change() CASCADE")
    else:
        for kind in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table_name}_refuse_{kind}")


def append_only_ddl(dialect: str, table: str = TABLE_NAME) -> list[str]:
    """The statements ``append_only`` runs (for tables made without Alembic, in tests)."""
    message = f"{table} is append-only: its rows are never updated or deleted"
    if dialect == "sqlite":
        return [f"CREATE TRIGGER {table}_refuse_{kind} BEFORE {kind.upper()} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END" for kind in ("update", "delete")]
    if dialect == "postgresql":
        return [
            f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{message} (% refused)', TG_OP; END $$",
            f"CREATE TRIGGER {table}_refuse_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()",
            f"CREATE TRIGGER {table}_refuse_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse_change()",
        ]
    raise NotImplementedError(f"append_only does not know the {dialect} dialect")
