"""The audit log on both databases: append-only by the database itself, written with the change."""
import json
from dataclasses import dataclass, field

import pytest
import requests
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text
from sqlalchemy.exc import DatabaseError

from kit_ledger import audit as ledger_audit
from portal_kit import correlation
from portal_kit.audit import AuditEntry
from portal_kit.audit_log import AuditLog, append_only, audit_table, drop_append_only
from portal_kit.db import kit_tables, make_engine
from portal_kit.testing import base_url
from portal_kit.uow import UnitOfWork
from portal_kit.wiring import ServiceParts, wire

metadata = MetaData()
outbox, inbox = kit_tables(metadata)
audit = audit_table(metadata)
notes = Table("notes", metadata, Column("id", Integer, primary_key=True),
              Column("text", String(100)))
PARTS = ServiceParts("auditing", metadata, outbox, inbox, UnitOfWork, {}, {}, {},
                     audit_table=audit)


def entry(subject_id="o-1", **overrides):
    given = {"actor": "p-1", "action": "agreement.signed", "subject_type": "organisation",
             "subject_id": subject_id, "organisation_id": "o-1", "to_state": "signed",
             "reason": "signed on paper", "detail": {"text_version": 2, "note": "på papir"}}
    return AuditEntry(**{**given, **overrides})


@dataclass
class Organisation:
    events: list = field(default_factory=list)
    audit: list = field(default_factory=list)


@pytest.fixture(params=["postgresql", "sqlite"])
def app(request, tmp_path):
    url = (request.getfixturevalue("make_database")("audit") if request.param == "postgresql"
           else f"sqlite:///{tmp_path}/audit.db")
    yield from audited_app(url)


@pytest.fixture
def postgresql_app(make_database):
    yield from audited_app(make_database("audit"))


def audited_app(url):
    engine = make_engine(url)
    metadata.create_all(engine)
    with engine.begin() as connection:
        append_only(Operations(MigrationContext.configure(connection)))
    app = wire(PARTS, {"DATABASE_URL": url, "AMQP_URI": "amqp://unused/"}, engine=engine)
    yield app
    app.relay.close()
    engine.dispose()


def add_note(app, text_, *entries, fail=False):
    with app.bus.uow_factory() as uow:
        uow.session.execute(insert(notes).values(text=text_))
        uow.track(Organisation(audit=list(entries[:1])))
        for given in entries[1:]:
            uow.record_audit(given)
        if fail:
            raise RuntimeError("the change fails before commit")
        uow.commit()


def read(app, **filters):
    with app.bus.uow_factory() as uow:
        return AuditLog(audit).entries(uow.session, **filters)


def raw(app, sql):
    with app.engine.begin() as connection:
        return connection.execute(text(sql))


class TestAppendOnlyInTheDatabase:
    def test_the_database_refuses_to_update_an_audit_row(self, app):
        add_note(app, "signed", entry())
        with pytest.raises(DatabaseError, match="append-only"):
            raw(app, "UPDATE audit_log SET actor = 'someone else'")
        assert [r.entry.actor for r in read(app)] == ["p-1"]

    def test_the_database_refuses_to_delete_an_audit_row(self, app):
        add_note(app, "signed", entry())
        with pytest.raises(DatabaseError, match="append-only"):
            raw(app, "DELETE FROM audit_log")
        assert len(read(app)) == 1

    def test_rows_can_still_be_added_after_a_refused_change(self, app):
        add_note(app, "first", entry("o-1"))
        with pytest.raises(DatabaseError):
            raw(app, "DELETE FROM audit_log WHERE subject_id = 'o-1'")
        raw(app, "INSERT INTO audit_log (at, actor, action, subject_type, subject_id, detail) "
                 "VALUES (CURRENT_TIMESTAMP, 'p-9', 'x.y', 'item', 'i-9', '{}')")
        assert [r.entry.subject_id for r in read(app)] == ["i-9", "o-1"]

    def test_postgresql_refuses_to_truncate_the_audit_log(self, postgresql_app):
        add_note(postgresql_app, "signed", entry())
        with pytest.raises(DatabaseError, match="append-only"):
            raw(postgresql_app, "TRUNCATE audit_log")

    def test_a_downgrade_removes_the_triggers_so_the_table_can_be_dropped(self, app):
        add_note(app, "signed", entry())
        with app.engine.begin() as connection:
            drop_append_only(Operations(MigrationContext.configure(connection)))
        raw(app, "DELETE FROM audit_log")
        raw(app, "DROP TABLE audit_log")


class TestWrittenWithTheChange:
    def test_entries_commit_with_the_change_stamped_with_time_and_correlation_id(self, app):
        correlation.set("corr-audit-1")
        add_note(app, "signed", entry("o-1"), entry("o-2", action="record.read"))
        records = read(app)
        assert [r.entry for r in records] == [entry("o-2", action="record.read"), entry("o-1")]
        assert {r.correlation_id for r in records} == {"corr-audit-1"}
        assert all(r.at.tzinfo is not None for r in records)
        assert raw(app, "SELECT count(*) FROM notes").scalar() == 1

    def test_entries_roll_back_with_a_change_that_fails(self, app):
        with pytest.raises(RuntimeError):
            add_note(app, "never", entry("o-1"), entry("o-2"), fail=True)
        assert read(app) == []
        assert raw(app, "SELECT count(*) FROM notes").scalar() == 0

    def test_the_detail_is_stored_as_json_text(self, app):
        add_note(app, "signed", entry())
        stored = raw(app, "SELECT detail FROM audit_log").scalar()
        assert json.loads(stored) == {"note": "på papir", "text_version": 2}


class TestReading:
    def test_entries_are_read_newest_first_filtered_and_paged_by_id(self, app):
        add_note(app, "many", *[entry(f"o-{n}") for n in range(5)],
                 entry("t-1", subject_type="person", trainee_id="t-1"))
        newest = read(app, limit=3)
        assert [r.entry.subject_id for r in newest] == ["t-1", "o-4", "o-3"]
        older = read(app, limit=3, before_id=newest[-1].id)
        assert [r.entry.subject_id for r in older] == ["o-2", "o-1", "o-0"]
        assert [r.entry.subject_id for r in read(app, trainee_id="t-1")] == ["t-1"]
        assert [r.entry.subject_id for r in read(app, subject_type="organisation",
                                                 subject_id="o-2")] == ["o-2"]
        assert len(read(app, organisation_id="o-1")) == 6


class TestThroughAService:
    def test_an_entry_written_by_a_request_carries_the_requests_correlation_id(
            self, ledger, ledger_config, database_url):
        response = requests.post(f"{base_url(ledger_config)}/api/ledger/v1/notes",
                                 json={"note": "audited"},
                                 headers={"X-Correlation-Id": "corr-ledger-audit"})
        assert response.status_code == 201
        engine = make_engine(database_url)
        with engine.connect() as connection:
            rows = connection.execute(select(ledger_audit.c.action, ledger_audit.c.subject_id,
                                             ledger_audit.c.correlation_id)).all()
            with pytest.raises(DatabaseError, match="append-only"):
                connection.execute(text("UPDATE audit_log SET action = 'forged'"))
        engine.dispose()
        assert rows == [("note.added", "audited", "corr-ledger-audit")]
