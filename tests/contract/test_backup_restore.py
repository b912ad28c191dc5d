"""A dump of a service's database restores into a fresh database that keeps the contract:
the schema its model maps, at the head of its migrations, the rows, and the audit trail
still refusing updates and deletes; and the service's contract tests pass on restored
databases (docs/operations.md, "Backup and restore")."""
import importlib
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, insert, select, text

from portal_kit.migrations import at_head, upgrade
from portal_kit.testing_infra import dump_and_restore

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["identity", "invitations", "competencies", "documents", "notifications"]
pytestmark = pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs pg_dump and psql")


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg2://", "postgresql://")


# Each service's contract tests: the agreement gate every consumer of identity's agreements
# shares (portal_contracts.testing), identity's HTTP contract, notifications' API.
CONTRACT_TESTS = {
    "identity": "test_http_contract.py",
    "invitations": "test_agreement_gate.py",
    "competencies": "test_agreement_gate.py",
    "documents": "test_agreement_gate.py",
    "notifications": "test_notifications_api.py",
}


@pytest.mark.parametrize("service", SERVICES)
def test_the_services_contract_tests_pass_on_a_database_restored_from_a_dump(service):
    """PORTAL_TEST_RESTORED_TEMPLATES: each test's database is a copy of a template that
    is itself a dump of the migrated database restored into a fresh one, as a restore in
    production makes it; the service's own tests then run against it."""
    tests = ROOT / "services" / service / "tests" / "integration" / CONTRACT_TESTS[service]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m",
         "not broker_outage", str(tests)], cwd=ROOT, capture_output=True, text=True,
        timeout=900, env=dict(os.environ, PORTAL_TEST_RESTORED_TEMPLATES="1"))
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout.splitlines()[-1] and "skipped" not in run.stdout


@pytest.mark.parametrize("service", SERVICES)
def test_a_restored_dump_keeps_the_schema_the_rows_and_the_audit_guard(
        service, make_database):
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

    dump_and_restore(libpq(original), libpq(restored))

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
