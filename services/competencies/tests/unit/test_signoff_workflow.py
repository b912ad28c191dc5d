"""An item's workflow: ready for approval, recall, approve, return, reset; the lock."""
from datetime import UTC, date, datetime, timedelta

import pytest

from competencies.domain import signoff_events as events
from competencies.domain.signoff import Actor, EnrolmentRef, SignOff, State
from competencies.domain.signoff_exceptions import (
    ActivityAlreadyConfirmed,
    ActivityUnknown,
    AlreadyApproved,
    AlreadyDecided,
    AlreadyRecommended,
    AlreadySubmitted,
    CommentRequired,
    NotApproved,
    NotAwaitingApproval,
    NotTheTrainee,
    OwnItem,
    RecommendationsMissing,
    ResetReasonRequired,
    ResetReferenceRequired,
    VersionConflict,
)

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
TRAINEE, LEADER, ADVISOR, SUPERVISOR = "kari", "ola", "ingrid", "lars"
ENROLMENT = EnrolmentRef("enr-1", TRAINEE, "bergen", "lis1", "2025-09")
LEADS = Actor(LEADER, "leader")
ADMIN = Actor("per", "municipality_admin")


def item(code="KLK-012", kind="learning_objective"):
    return SignOff.start("so-1", ENROLMENT, code, kind)


def submitted():
    record = item()
    record.submit(TRAINEE, LEADER, NOW)
    return record


def approved():
    record = submitted()
    record.approve(LEADS, NOW + timedelta(hours=1))
    return record


class TestReadyForApproval:
    def test_the_trainee_marks_an_item_ready_addressed_to_the_responsible_approver(self):
        record = submitted()
        assert (record.state, record.approver_id, record.version) == (State.READY, LEADER, 1)
        [event] = record.events
        assert isinstance(event, events.ItemSubmitted) and event.approver_id == LEADER

    def test_someone_else_cannot_mark_the_trainees_item_ready(self):
        with pytest.raises(NotTheTrainee):
            item().submit(LEADER, LEADER, NOW)

    def test_an_item_already_ready_is_not_marked_ready_twice(self):
        record = submitted()
        with pytest.raises(AlreadySubmitted):
            record.submit(TRAINEE, LEADER, NOW)
        assert record.version == 1

    def test_a_returned_item_is_marked_ready_again(self):
        record = submitted()
        record.return_to_trainee(LEADS, "Mer om vurderingen", NOW)
        record.submit(TRAINEE, LEADER, NOW)
        assert record.state is State.READY


class TestRecall:
    def test_the_trainee_recalls_an_item_before_a_decision(self):
        record = submitted()
        record.recall(TRAINEE, NOW)
        assert (record.state, record.version) == (State.NOT_STARTED, 2)
        assert isinstance(record.events[-1], events.ItemRecalled)
        assert record.events[-1].approver_id == LEADER

    def test_recall_after_an_approval_is_refused_and_changes_nothing(self):
        record = approved()
        with pytest.raises(AlreadyDecided):
            record.recall(TRAINEE, NOW)
        assert (record.state, record.version) == (State.APPROVED, 2)

    def test_recall_after_a_return_is_refused(self):
        record = submitted()
        record.return_to_trainee(LEADS, "Mangler", NOW)
        with pytest.raises(AlreadyDecided):
            record.recall(TRAINEE, NOW)

    def test_an_item_never_marked_ready_cannot_be_recalled(self):
        with pytest.raises(NotAwaitingApproval):
            item().recall(TRAINEE, NOW)

    def test_only_the_trainee_recalls(self):
        with pytest.raises(NotTheTrainee):
            submitted().recall(LEADER, NOW)


class TestApproval:
    def test_an_approver_approves_an_item_awaiting_approval(self):
        record = approved()
        assert (record.state, record.decided_by, record.decided_role) == (
            State.APPROVED, LEADER, "leader")
        event = record.events[-1]
        assert isinstance(event, events.ItemApproved) and event.version == 2

    def test_approving_ones_own_item_is_refused(self):
        record = submitted()
        with pytest.raises(OwnItem):
            record.approve(Actor(TRAINEE, "leader"), NOW)
        assert record.state is State.READY

    def test_an_item_not_marked_ready_is_not_approved(self):
        with pytest.raises(NotAwaitingApproval):
            item().approve(LEADS, NOW)

    def test_an_approved_item_is_not_approved_twice(self):
        record = approved()
        with pytest.raises(AlreadyApproved):
            record.approve(LEADS, NOW)
        assert len([e for e in record.events if isinstance(e, events.ItemApproved)]) == 1

    def test_a_delegate_approves_on_the_leaders_behalf(self):
        record = submitted()
        record.approve(Actor("delegate-1", "delegate", on_behalf_of=LEADER), NOW)
        assert record.events[-1].on_behalf_of == LEADER
        assert record.audit[-1].on_behalf_of == LEADER

    def test_lis1_approval_waits_for_the_advisor_and_a_supervisor(self):
        record = submitted()
        record.recommend(Actor(ADVISOR, "advisor"), None, NOW)
        with pytest.raises(RecommendationsMissing):
            record.approve(LEADS, NOW, requires=("advisor", "supervisor"))
        record.recommend(Actor(SUPERVISOR, "supervisor"), "God", NOW)
        record.approve(LEADS, NOW, requires=("advisor", "supervisor"))
        assert record.state is State.APPROVED

    def test_approvals_in_one_batch_are_each_their_own_record(self):
        first, second = submitted(), SignOff.start("so-2", ENROLMENT, "KLK-013",
                                                   "learning_objective")
        second.submit(TRAINEE, LEADER, NOW)
        for record in (first, second):
            record.approve(LEADS, NOW, batch_id="batch-1")
        approvals = [r.events[-1] for r in (first, second)]
        assert [a.sign_off_id for a in approvals] == ["so-1", "so-2"]
        assert {a.batch_id for a in approvals} == {"batch-1"}


class TestOptimisticLocking:
    def test_a_change_on_the_version_the_caller_read_goes_through(self):
        record = submitted()
        record.expect(1)

    def test_a_change_on_a_stale_version_is_a_conflict(self):
        record = submitted()
        record.recall(TRAINEE, NOW)
        with pytest.raises(VersionConflict):
            record.expect(1)

    def test_every_transition_counts_the_version_up_by_one(self):
        record = submitted()
        record.return_to_trainee(LEADS, "Mangler", NOW)
        record.submit(TRAINEE, LEADER, NOW)
        record.approve(LEADS, NOW)
        assert [e.version for e in record.events] == [1, 2, 3, 4]


class TestReturn:
    def test_the_approver_returns_an_item_with_a_comment(self):
        record = submitted()
        record.return_to_trainee(LEADS, "Beskriv vurderingen", NOW)
        assert (record.state, record.comment) == (State.RETURNED, "Beskriv vurderingen")
        assert record.events[-1].comment == "Beskriv vurderingen"

    @pytest.mark.parametrize("comment", ["", "   "])
    def test_a_return_without_a_comment_is_refused(self, comment):
        record = submitted()
        with pytest.raises(CommentRequired):
            record.return_to_trainee(LEADS, comment, NOW)
        assert record.state is State.READY

    def test_an_approved_item_is_not_returned(self):
        with pytest.raises(NotAwaitingApproval):
            approved().return_to_trainee(LEADS, "Nei", NOW)


class TestActivities:
    def test_the_trainee_logs_an_activity_and_a_supervisor_confirms_it(self):
        record = item()
        record.log_activity(TRAINEE, "a1", "Legevakt", date(2027, 2, 20), NOW)
        record.confirm_activity(Actor(SUPERVISOR, "supervisor"), "a1", NOW)
        [activity] = record.activities
        assert activity.confirmed_by == SUPERVISOR
        assert [type(e) for e in record.events] == [events.ActivityLogged,
                                                    events.ActivityConfirmed]

    def test_an_activity_is_confirmed_once(self):
        record = item()
        record.log_activity(TRAINEE, "a1", "Legevakt", date(2027, 2, 20), NOW)
        record.confirm_activity(Actor(SUPERVISOR, "supervisor"), "a1", NOW)
        with pytest.raises(ActivityAlreadyConfirmed):
            record.confirm_activity(Actor("sigrid", "supervisor"), "a1", NOW)

    def test_an_unknown_activity_is_not_confirmed(self):
        with pytest.raises(ActivityUnknown):
            item().confirm_activity(Actor(SUPERVISOR, "supervisor"), "nope", NOW)

    def test_the_trainee_does_not_confirm_their_own_activity(self):
        record = item()
        record.log_activity(TRAINEE, "a1", "Legevakt", date(2027, 2, 20), NOW)
        with pytest.raises(OwnItem):
            record.confirm_activity(Actor(TRAINEE, "supervisor"), "a1", NOW)

    def test_nobody_else_logs_the_trainees_activities(self):
        with pytest.raises(NotTheTrainee):
            item().log_activity(SUPERVISOR, "a1", "Legevakt", date(2027, 2, 20), NOW)

    def test_no_activity_is_logged_on_an_approved_item(self):
        with pytest.raises(AlreadyApproved):
            approved().log_activity(TRAINEE, "a9", "Etterpå", date(2027, 3, 1), NOW)


class TestRecommendation:
    def test_a_person_recommends_an_item_once(self):
        record = submitted()
        record.recommend(Actor(ADVISOR, "advisor"), None, NOW)
        with pytest.raises(AlreadyRecommended):
            record.recommend(Actor(ADVISOR, "advisor"), None, NOW)

    def test_nobody_recommends_their_own_item(self):
        with pytest.raises(OwnItem):
            submitted().recommend(Actor(TRAINEE, "advisor"), None, NOW)


class TestReset:
    def test_an_administrator_resets_a_wrong_approval_keeping_the_activities(self):
        record = item()
        record.log_activity(TRAINEE, "a1", "Legevakt", date(2027, 2, 20), NOW)
        record.submit(TRAINEE, LEADER, NOW)
        record.approve(LEADS, NOW)
        record.reset(ADMIN, "2027/1432", "Godkjent på feil lege", NOW)
        assert (record.state, record.decided_by, len(record.activities)) == (
            State.NOT_STARTED, None, 1)
        event = record.events[-1]
        assert isinstance(event, events.ItemReset)
        assert (event.reference, event.from_state) == ("2027/1432", "approved")

    def test_the_approval_stays_in_the_history_after_a_reset(self):
        record = approved()
        record.reset(ADMIN, "2027/1432", "Feil", NOW)
        actions = [(a.action, a.actor, a.to_state) for a in record.audit]
        assert ("sign_off.approved", LEADER, "approved") in actions
        assert actions[-1] == ("sign_off.reset", "per", "not_started")
        assert record.audit[-1].reason == "Feil"
        assert record.audit[-1].detail["reference"] == "2027/1432"

    def test_the_trainee_marks_a_reset_item_ready_again(self):
        record = approved()
        record.reset(ADMIN, "2027/1432", "Feil", NOW)
        record.submit(TRAINEE, LEADER, NOW)
        assert record.state is State.READY

    @pytest.mark.parametrize("reference", ["", "  "])
    def test_a_reset_without_the_requests_reference_is_refused(self, reference):
        record = approved()
        with pytest.raises(ResetReferenceRequired):
            record.reset(ADMIN, reference, "Feil", NOW)
        assert (record.state, record.version) == (State.APPROVED, 2)

    def test_a_reset_without_a_reason_is_refused(self):
        with pytest.raises(ResetReasonRequired):
            approved().reset(ADMIN, "2027/1432", "", NOW)

    def test_only_an_approval_is_reset(self):
        with pytest.raises(NotApproved):
            submitted().reset(ADMIN, "2027/1432", "Feil", NOW)


class TestAttestations:
    def test_an_attestation_is_given_without_being_marked_ready(self):
        record = SignOff.start("so-9", ENROLMENT, "tid-kbu-1", "time_attestation", "p1")
        record.attest(Actor("soren", "tutor"), NOW)
        assert record.state is State.APPROVED
        assert isinstance(record.events[-1], events.AttestationApproved)
        assert record.events[-1].placement_id == "p1"

    def test_an_attestation_is_given_once(self):
        record = SignOff.start("so-9", ENROLMENT, "tid-kbu-1", "time_attestation", "p1")
        record.attest(Actor("soren", "tutor"), NOW)
        with pytest.raises(AlreadyApproved):
            record.attest(Actor("soren", "tutor"), NOW)


def test_every_transition_is_in_the_audit_trail_with_from_and_to_state():
    record = submitted()
    record.return_to_trainee(LEADS, "Mangler", NOW)
    trail = [(a.action, a.from_state, a.to_state, a.trainee_id) for a in record.audit]
    assert trail == [("sign_off.submitted", "not_started", "ready_for_approval", TRAINEE),
                     ("sign_off.returned", "ready_for_approval", "returned", TRAINEE)]
