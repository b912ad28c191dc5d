from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from portal_kit.audit import AuditEntry, AuditNotConfigured
from portal_kit.audit_log import append_only, append_only_ddl, drop_append_only
from portal_kit.clock import FixedClock
from portal_kit.uow import UnitOfWork

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
SIGNED = AuditEntry(actor="p-1", action="agreement.signed", subject_type="organisation",
                    subject_id="o-1", from_state="not_signed", to_state="signed")
READ = AuditEntry(actor="p-2", action="record.read", subject_type="person", subject_id="t-1",
                  trainee_id="t-1", detail={"fields": ["name"]})


class FakeSession:
    def __init__(self):
        self.log = []
        self.info = {}

    def commit(self):
        self.log.append("commit")

    def close(self):
        self.log.append("close")


class FakeOutbox:
    def add(self, session, event):
        session.log.append(("event", event))


class FakeAuditWriter:
    def __init__(self):
        self.written = []

    def write(self, session, entries):
        session.log.append(("audit", list(entries)))
        self.written.extend(entries)


@dataclass
class Organisation:
    events: list = field(default_factory=list)
    audit: list = field(default_factory=list)


def unit_of_work(session, audit=None):
    return UnitOfWork(lambda: session, FakeOutbox(), None, lambda e: {"id": e}, FixedClock(NOW),
                      audit=audit)


class TestUnitOfWorkAudit:
    def test_commit_writes_the_aggregates_entries_and_the_recorded_ones_before_committing(self):
        session, writer = FakeSession(), FakeAuditWriter()
        with unit_of_work(session, writer) as uow:
            uow.track(Organisation(events=["e-1"], audit=[SIGNED]))
            uow.record_audit(READ)
            uow.commit()
        assert session.log == [("event", {"id": "e-1"}), ("audit", [SIGNED, READ]), "commit",
                               "close"]

    def test_entries_are_written_once_even_when_the_unit_of_work_commits_again(self):
        session, writer = FakeSession(), FakeAuditWriter()
        organisation = Organisation(audit=[SIGNED])
        with unit_of_work(session, writer) as uow:
            uow.track(organisation)
            uow.record_audit(READ)
            uow.commit()
            uow.commit()
        assert writer.written == [SIGNED, READ] and organisation.audit == []

    def test_a_commit_without_audit_entries_writes_nothing_to_the_audit_log(self):
        session, writer = FakeSession(), FakeAuditWriter()
        with unit_of_work(session, writer) as uow:
            uow.track(Organisation(events=["e-1"]))
            uow.commit()
        assert writer.written == []

    def test_entries_recorded_in_a_unit_of_work_left_without_commit_are_forgotten(self):
        session, writer = FakeSession(), FakeAuditWriter()
        uow = unit_of_work(session, writer)
        with uow:
            uow.record_audit(READ)
        with uow:
            uow.commit()
        assert writer.written == []

    def test_recording_an_entry_in_a_service_without_an_audit_table_is_refused(self):
        with unit_of_work(FakeSession()) as uow, pytest.raises(AuditNotConfigured):
            uow.record_audit(READ)

    def test_an_aggregates_entry_in_a_service_without_an_audit_table_is_never_committed(self):
        session = FakeSession()
        with unit_of_work(session) as uow, pytest.raises(AuditNotConfigured):
            uow.track(Organisation(audit=[SIGNED]))
            uow.commit()
        assert "commit" not in session.log

    def test_an_aggregate_without_an_audit_list_is_fine(self):
        session, writer = FakeSession(), FakeAuditWriter()

        @dataclass
        class Plain:
            events: list = field(default_factory=list)

        with unit_of_work(session, writer) as uow:
            uow.track(Plain())
            uow.commit()
        assert session.log == ["commit", "close"]


class FakeOp:
    def __init__(self, dialect):
        self.dialect = type("Dialect", (), {"name": dialect})()
        self.executed = []

    def get_context(self):
        return self

    def execute(self, statement):
        self.executed.append(statement)


class TestAppendOnly:
    @pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
    def test_append_only_creates_triggers_refusing_update_and_delete(self, dialect):
        op = FakeOp(dialect)
        append_only(op, "audit_log")
        ddl = " ".join(op.executed)
        assert op.executed == append_only_ddl(dialect, "audit_log")
        assert "BEFORE UPDATE" in ddl and "DELETE ON audit_log" in ddl

    def test_postgresql_also_refuses_a_truncate(self):
        assert any("BEFORE TRUNCATE" in s for s in append_only_ddl("postgresql"))

    @pytest.mark.parametrize("dialect, dropped", [
        ("sqlite", ["DROP TRIGGER IF EXISTS audit_log_refuse_update",
                    "DROP TRIGGER IF EXISTS audit_log_refuse_delete"]),
        ("postgresql", ["DROP FUNCTION IF EXISTS audit_log_refuse_change() CASCADE"])])
    def test_the_downgrade_removes_what_append_only_created(self, dialect, dropped):
        op = FakeOp(dialect)
        drop_append_only(op)
        assert op.executed == dropped

    def test_an_unknown_database_is_refused_rather_than_left_unprotected(self):
        with pytest.raises(NotImplementedError):
            append_only(FakeOp("mysql"))


def test_an_entry_has_no_state_change_reason_or_detail_unless_given():
    entry = AuditEntry("system", "deadline.passed", "item", "i-1")
    assert (entry.on_behalf_of, entry.from_state, entry.reason, dict(entry.detail)) == (
        None, None, None, {})
