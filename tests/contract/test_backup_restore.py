"""A dump of a service's database restores into a fresh database that keeps the contract:
the schema its model maps, at the head of its migrations, the rows, and the audit trail
still refusing updates and deletes (docs/operations.md, "Backup and restore")."""
import importlib
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, insert, select, text

from portal_kit.migrations import at_head, upgrade

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["identity", "invitations", "competencies", "documents", "notifications"]
pytestmark = pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs pg_dump and psql")


def dump_and_restore(source_url: str, target_url: str, tmp_path: Path) -> None:
    """What docs/operations.md prescribes: a custom-format dump, restored without owners."""
    dump = tmp_path / "service.dump"
    subprocess.run(["pg_dump", "--format=custom", "--file", str(dump), source_url],
                   check=True, capture_output=True, timeout=120)
    subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                    "--dbname", target_url, str(dump)], check=True, capture_output=True,
                   timeout=120)


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg2://", "postgresql://")


@pytest.mark.parametrize("service", SERVICES)
def test_a_restored_dump_keeps_the_schema_the_rows_and_the_audit_guard(
        service, make_database, tmp_path):
    original, restored = make_database("backup"), make_database("restore")
    upgrade(ROOT / "services" / service, original)
    metadata = importlib.import_module(f"{service}.adapters.orm").metadata
    outbox = metadata.tables["outbox"]
    engine = create_engine(original)
    with engine.begin() as connection:
        connection.execute(insert(outbox).values(
            event_id="e-1", exchange=f"{service}.events", routing_key="portal.x.y.v1",
            body="{}", created_at=datetime.now(UTC), attempts=0))
    engine.dispose()

    dump_and_restore(libpq(original), libpq(restored), tmp_path)

    assert at_head(ROOT / "services" / service, restored)
    engine = create_engine(restored)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
        assert connection.execute(select(outbox.c.event_id)).scalars().all() == ["e-1"]
    if "audit_log" in metadata.tables:
        audit = metadata.tables["audit_log"]
        with engine.begin() as connection:
            connection.execute(insert(audit).values(
                at=datetime.now(UTC), actor="operator", action="restore.checked",
                subject_type="database", subject_id=service, detail="{}"))
        with pytest.raises(sqlalchemy.exc.DBAPIError), engine.begin() as connection:
            connection.execute(text("UPDATE audit_log SET actor = 'someone else'"))
    engine.dispose()
