"""An attestation's klarmelding: the trainee marks it ready for the responsible approver
(Denmark: the personal tutor of that placement; LIS1: the leader), may recall it before a
decision, and the approver gives it or returns it with a comment. The personal tutor gives
a placement's time attestation (and only that) for a year after the placement ended."""
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from competencies.domain import signoff_events as events
from competencies.domain.attestations import (
    organisation_today,
    responsible_for_attestation,
    rights_for,
    signing_until,
)
from competencies.domain.permissions import Right, load_permissions
from competencies.domain.signoff import Actor, EnrolmentRef, SignOff, State
from competencies.domain.signoff_exceptions import (
    AlreadyApproved,
    AlreadyDecided,
    CommentRequired,
    OutsideWindow,
)
from portal_kit.clock import FixedClock

MATRIX = Path(__file__).parents[2] / "competencies" / "data" / "permissions.yaml"
PERMISSIONS = load_permissions(MATRIX.read_text(encoding="utf-8"))
CLOCK = FixedClock(datetime(2027, 6, 10, 9, 0, tzinfo=UTC))
ENROLMENT = EnrolmentRef("enr-1", "mette", "hovedstaden", "kbu", "2017")
TUTOR = Actor("soren", "tutor")
STARTS, ENDS = date(2027, 1, 1), date(2027, 6, 30)


def time_attestation():
    return SignOff.start("so-tid", ENROLMENT, "tid-kbu-1", "time_attestation", "p1",
                         "Attestation for tid")


def marked_ready():
    record = time_attestation()
    record.submit("mette", "soren", CLOCK.now())
    return record


class TestTheKlarmeldingOfAnAttestation:
    def test_the_trainee_marks_it_ready_addressed_to_the_approver_with_its_placement(self):
        record = marked_ready()
        assert (record.state, record.approver_id, record.version) == (State.READY, "soren", 1)
        [event] = record.events
        assert isinstance(event, events.ItemSubmitted)
        assert (event.kind, event.placement_id, event.approver_id) == (
            "time_attestation", "p1", "soren")

    def test_the_trainee_recalls_it_before_a_decision(self):
        record = marked_ready()
        record.recall("mette", CLOCK.now())
        assert (record.state, record.version) == (State.NOT_STARTED, 2)
        assert isinstance(record.events[-1], events.ItemRecalled)
        assert record.events[-1].kind == "time_attestation"

    def test_the_approver_gives_a_marked_attestation(self):
        record = marked_ready()
        record.attest(TUTOR, CLOCK.now())
        assert (record.state, record.decided_by, record.version) == (State.APPROVED, "soren", 2)
        assert isinstance(record.events[-1], events.AttestationApproved)

    def test_the_approver_returns_it_with_a_comment_and_the_trainee_marks_it_again(self):
        record = marked_ready()
        record.return_to_trainee(TUTOR, "Sygefraværet mangler", CLOCK.now())
        assert (record.state, record.comment) == (State.RETURNED, "Sygefraværet mangler")
        assert (record.events[-1].kind, record.events[-1].placement_id) == (
            "time_attestation", "p1")
        record.submit("mette", "soren", CLOCK.now())
        assert record.state is State.READY

    def test_a_return_needs_a_comment_and_changes_nothing_without_one(self):
        record = marked_ready()
        with pytest.raises(CommentRequired):
            record.return_to_trainee(TUTOR, " ", CLOCK.now())
        assert (record.state, record.version) == (State.READY, 1)

    def test_a_recall_after_the_attestation_was_given_is_refused(self):
        record = marked_ready()
        record.attest(TUTOR, CLOCK.now())
        with pytest.raises(AlreadyDecided):
            record.recall("mette", CLOCK.now())
        assert record.state is State.APPROVED

    def test_a_given_attestation_is_not_marked_ready_again(self):
        record = time_attestation()
        record.attest(TUTOR, CLOCK.now())
        with pytest.raises(AlreadyApproved):
            record.submit("mette", "soren", CLOCK.now())

    def test_the_tutor_may_still_give_it_without_a_klarmelding_as_in_the_danish_logbog(self):
        record = time_attestation()
        record.attest(TUTOR, CLOCK.now())
        assert (record.state, record.approver_id) == (State.APPROVED, None)


def tutor_right(placement_id="p1", starts=STARTS, ends=ENDS):
    return Right("soren", "tutor", starts, ends, placement_id=placement_id)


class TestTheTutorAfterThePlacement:
    def test_the_time_attestation_may_be_given_until_a_year_after_the_end(self):
        assert signing_until("time_attestation", ENDS) == date(2028, 6, 30)

    @pytest.mark.parametrize("kind", ["learning_objective_attestation", "completed_service",
                                      "approve_item"])
    def test_everything_else_ends_with_the_placement(self, kind):
        assert signing_until(kind, ENDS) == ENDS

    def test_the_tutor_gives_the_time_attestation_after_the_placement_ended(self):
        later = organisation_today(CLOCK.now() + timedelta(days=60), "DK")
        rights = rights_for([tutor_right()], "time_attestation", "p1")
        right = PERMISSIONS.signing_right("kbu", "time_attestation", rights, later, "p1")
        assert right.role == "tutor"

    def test_a_year_and_a_day_after_the_end_the_tutor_is_outside_the_window(self):
        rights = rights_for([tutor_right()], "time_attestation", "p1")
        with pytest.raises(OutsideWindow):
            PERMISSIONS.signing_right("kbu", "time_attestation", rights, date(2028, 7, 1), "p1")

    def test_the_learning_objective_attestation_is_not_given_after_the_end(self):
        rights = rights_for([tutor_right()], "learning_objective_attestation", "p1")
        with pytest.raises(OutsideWindow):
            PERMISSIONS.signing_right("kbu", "learning_objective_attestation", rights,
                                      date(2027, 7, 1), "p1")

    def test_only_the_tutors_right_of_that_placement_is_extended(self):
        other = tutor_right("p2", date(2026, 7, 1), date(2026, 12, 31))
        rights = rights_for([tutor_right(), other], "time_attestation", "p1")
        assert [r.valid_to for r in rights] == [date(2028, 6, 30), date(2026, 12, 31)]

    def test_a_vejleders_right_is_not_extended(self):
        vejleder = Right("anne", "vejleder", STARTS, ENDS)
        assert rights_for([vejleder], "time_attestation", "p1") == [vejleder]


class Placement:
    def __init__(self, tutor_id="soren", starts=STARTS, ends=ENDS):
        self.tutor_id, self.starts_on, self.ends_on = tutor_id, starts, ends


class TestWhoTheKlarmeldingGoesTo:
    def test_in_denmark_the_personal_tutor_of_that_placement(self):
        assert responsible_for_attestation("time_attestation", ("tutor",), Placement(), [],
                                           date(2027, 6, 10)) == "soren"

    def test_the_tutor_after_the_placement_for_the_time_attestation(self):
        assert responsible_for_attestation("time_attestation", ("tutor",), Placement(), [],
                                           date(2027, 9, 1)) == "soren"

    def test_nobody_for_the_learning_objective_attestation_after_the_placement(self):
        assert responsible_for_attestation("learning_objective_attestation", ("tutor",),
                                           Placement(), [], date(2027, 9, 1)) is None

    def test_nobody_when_the_placement_has_no_tutor(self):
        assert responsible_for_attestation("time_attestation", ("tutor",),
                                           Placement(tutor_id=None), [],
                                           date(2027, 6, 10)) is None

    def test_in_lis1_the_leader(self):
        assert responsible_for_attestation("completed_service", ("leader",), Placement(None),
                                           ["ola"], date(2027, 6, 10)) == "ola"

    def test_in_lis1_nobody_without_a_leader_today(self):
        assert responsible_for_attestation("completed_service", ("leader",), Placement(None),
                                           [], date(2027, 6, 10)) is None
