"""Moving a trainee to a newer curriculum version: stricter items need approval again with
their activities kept; other items keep both; past sign-offs never change."""
from datetime import UTC, date, datetime
from itertools import count

import pytest

from competencies.domain.events import CurriculumVersionChanged
from competencies.domain.exceptions import ProgrammeConflict
from competencies.domain.signoff import Actor, EnrolmentRef, SignOff, State
from competencies.domain.versions import (
    NewItem,
    approval_needed_again,
    approvals_kept,
    move_to_version,
)

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
OLD = EnrolmentRef("enr-1", "kari", "bergen", "lis1", "2020-03")
NEW = EnrolmentRef("enr-1", "kari", "bergen", "lis1", "2025-09")
ADMIN = Actor("per", "municipality_admin")
LEADS = Actor("ola", "leader")


def ids():
    numbers = count(1)
    return lambda: f"new-{next(numbers)}"


def old_record(code, approve=True, activity=True):
    record = SignOff.start(f"old-{code}", OLD, code, "learning_objective")
    if activity:
        record.log_activity("kari", f"act-{code}", "Vakt", date(2027, 1, 5), NOW)
    if approve:
        record.submit("kari", "ola", NOW)
        record.approve(LEADS, NOW)
    return record


def move(records, items, attestations=()):
    return {r.code: r for r in move_to_version(records, items, attestations, NEW, ids(),
                                                ADMIN, NOW)}


def test_an_item_made_stricter_needs_approval_again_but_keeps_the_activities():
    moved = move([old_record("LM-01")], [NewItem("FKMS-01", "learning_objective", ("LM-01",),
                                                 stricter=True)])
    record = moved["FKMS-01"]
    assert (record.state, record.curriculum_version) == (State.NOT_STARTED, "2025-09")
    assert [a.carried_from for a in record.activities] == ["act-LM-01"]
    assert record.audit[-1].action == "sign_off.needs_approval_again"


def test_an_item_not_made_stricter_keeps_the_approval_and_the_activities():
    moved = move([old_record("KLS-001")], [NewItem("KLS-001", "learning_objective",
                                                   ("KLS-001",))])
    record = moved["KLS-001"]
    assert (record.state, record.decided_by, record.decided_role) == (
        State.APPROVED, "ola", "leader")
    assert len(record.activities) == 1
    assert record.events == []  # a carried approval is no new approval


def test_an_item_replacing_several_keeps_the_approval_only_when_all_were_approved():
    records = [old_record("LM-02"), old_record("LM-03", approve=False)]
    moved = move(records, [NewItem("FKMS-02", "learning_objective", ("LM-02", "LM-03"))])
    record = moved["FKMS-02"]
    assert record.state is State.NOT_STARTED
    assert len(record.activities) == 2


def test_the_old_versions_records_are_not_changed_by_the_move():
    old = old_record("LM-01")
    before = (old.state, old.version, old.curriculum_version, len(old.activities))
    move([old], [NewItem("FKMS-01", "learning_objective", ("LM-01",), stricter=True)])
    assert (old.state, old.version, old.curriculum_version, len(old.activities)) == before


def test_an_item_with_nothing_to_carry_gets_no_record():
    moved = move([old_record("LM-04", approve=False, activity=False)],
                 [NewItem("FKMS-04", "learning_objective", ("LM-04",))])
    assert moved == {}


def test_an_attestation_the_new_version_keeps_carries_over_as_it_is():
    attestation = SignOff.start("old-att", OLD, "gjennomfort-tjeneste-sykehus",
                                "completed_service", "p1")
    attestation.attest(LEADS, NOW)
    moved = move([attestation], [], ["gjennomfort-tjeneste-sykehus"])
    record = moved["gjennomfort-tjeneste-sykehus"]
    assert (record.state, record.placement_id) == (State.APPROVED, "p1")


def test_carried_activities_get_ids_of_their_own():
    moved = move([old_record("KLS-001")], [NewItem("KLS-001", "learning_objective",
                                                   ("KLS-001",))])
    assert moved["KLS-001"].activities[0].id != "act-KLS-001"


class TestTheEnrolmentsNewVersion:
    def enrolment(self):
        from programme_builders import enrolled
        return enrolled("lis1", "2020-03", trainee="kari")

    def test_the_items_whose_approval_does_not_carry_over_are_named(self):
        records = [old_record("LM-01"), old_record("KLS-001"), old_record("LM-05", approve=False)]
        items = [NewItem("FKMS-01", "learning_objective", ("LM-01",), stricter=True),
                 NewItem("KLS-001", "learning_objective", ("KLS-001",)),
                 NewItem("FKMS-05", "learning_objective", ("LM-05",), stricter=True)]
        moved = move_to_version(records, items, (), NEW, ids(), ADMIN, NOW)
        assert approval_needed_again(records, items) == ["FKMS-01"]
        assert approvals_kept(moved) == ["KLS-001"]

    def test_the_change_is_an_event_and_an_audit_entry_of_the_enrolment(self):
        enrolment = self.enrolment()
        enrolment.change_curriculum_version("2025-09", ["FKMS-01"], ["KLS-001"], "per", NOW)
        assert enrolment.curriculum_version == "2025-09"
        [event] = enrolment.events
        assert isinstance(event, CurriculumVersionChanged)
        assert (event.from_version, event.to_version, event.needs_approval_again,
                event.approvals_kept, event.changed_by) == (
            "2020-03", "2025-09", ["FKMS-01"], ["KLS-001"], "per")
        [entry] = enrolment.audit
        assert (entry.action, entry.from_state, entry.to_state, entry.trainee_id) == (
            "enrolment.curriculum_version_changed", "2020-03", "2025-09", "kari")
        assert entry.detail["needs_approval_again"] == ["FKMS-01"]

    def test_a_cancelled_enrolment_keeps_its_version(self):
        enrolment = self.enrolment()
        enrolment.cancel("Feilregistrert", "per", NOW)
        enrolment.events.clear()
        with pytest.raises(ProgrammeConflict):
            enrolment.change_curriculum_version("2025-09", [], [], "per", NOW)
        assert (enrolment.curriculum_version, enrolment.events) == ("2020-03", [])
