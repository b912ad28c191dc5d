"""Sign-off of a Danish KBU trainee through the running service, on PostgreSQL and SQLite:
klarmelding to the personal tutor, approval, return, recall, approve-several, the vejleder's
limits, the time attestation's last month, the region's reset, optimistic locking."""
import threading
from datetime import timedelta

import pytest
from programme_world import ANNE, HOVEDSTADEN, JENS, METTE, PRACTICE, SOREN, TODAY, event
from signoff_world import (
    act,
    attestation_path,
    group_items,
    item_path,
    progress,
    relate,
    statements_of_queue,
    submit,
)

from portal_contracts import identity
from portal_contracts import signoff as contract
from portal_kit.testing import wait_for

ENDS = TODAY + timedelta(days=150)
REGION_ADMIN = ((HOVEDSTADEN, "region_admin"),)


@pytest.fixture
def kbu(world):
    enrolment = world.enrol(METTE, "kbu", HOVEDSTADEN, starts=TODAY - timedelta(days=30)).json()
    placement = world.place(enrolment, "kbu-1", TODAY - timedelta(days=30), ENDS).json()
    assert placement["tutor_id"] == SOREN
    relate(world, METTE, ANNE, "vejleder", HOVEDSTADEN, PRACTICE, TODAY - timedelta(days=30))
    return world, enrolment, placement


def another_trainee(world, person):
    """One more KBU trainee of the same personal tutor, in the same practice."""
    world.person(person, person.title(), "Hansen")
    wait_for(lambda: world.rows("SELECT 1 FROM people WHERE person_id = :p", p=person))
    enrolment = world.enrol(person, "kbu", HOVEDSTADEN, starts=TODAY - timedelta(days=30))
    assert enrolment.status_code == 201, enrolment.text
    world.place(enrolment.json(), "kbu-1", TODAY - timedelta(days=30), ENDS)
    return enrolment.json()


def approve(world, enrolment, person, code, version, assurance="substantial"):
    return act(world, person, "POST", item_path(enrolment, code, "approve"),
               assurance=assurance, json={"version": version})


class TestKlarmelding:
    def test_the_trainee_marks_an_item_ready_addressed_to_the_personal_tutor(self, kbu):
        world, enrolment, _ = kbu
        record = submit(world, enrolment, METTE, "KBU-01")
        assert (record["state"], record["approver_id"], record["version"]) == (
            "ready_for_approval", SOREN, 1)
        [published] = world.published(contract.ITEM_SUBMITTED)
        assert (published["approver_id"], published["item_code"]) == (SOREN, "KBU-01")

    def test_the_item_is_in_the_tutors_queue_oldest_first(self, kbu):
        world, enrolment, _ = kbu
        for code in ("KBU-02", "KBU-01"):
            submit(world, enrolment, METTE, code)
        [entry] = act(world, SOREN, "GET", "/me/queue").json()
        assert [i["code"] for i in entry["items"]] == ["KBU-02", "KBU-01"]

    def test_the_tutors_queue_holds_each_trainee_with_their_own_items(self, kbu):
        world, enrolment, _ = kbu
        other = another_trainee(world, "bo")
        submit(world, enrolment, METTE, "KBU-01")
        submit(world, other, "bo", "KBU-02")
        queue = act(world, SOREN, "GET", "/me/queue").json()
        assert [(e["trainee_id"], [i["code"] for i in e["items"]]) for e in queue] == [
            (METTE, ["KBU-01"]), ("bo", ["KBU-02"])]

    def test_the_queue_asks_the_database_as_often_for_three_trainees_as_for_one(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        one = statements_of_queue(world, SOREN)
        for trainee in ("bo", "ea"):
            submit(world, another_trainee(world, trainee), trainee, "KBU-01")
        three = statements_of_queue(world, SOREN)
        assert (len(three[1]), len(three[0])) == (3, len(one[0]))

    def test_my_programme_shows_the_items_state(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        (mine,) = act(world, METTE, "GET", "/me/programme").json()["enrolments"]
        states = {i["code"]: i["state"] for g in mine["groups"] for i in g["items"]}
        assert (states["KBU-01"], states["KBU-02"]) == ("ready_for_approval", "not_started")

    def test_an_unknown_item_is_a_404(self, kbu):
        world, enrolment, _ = kbu
        answer = act(world, METTE, "POST", item_path(enrolment, "KBU-99", "submit"), json={})
        assert (answer.status_code, answer.json()["code"]) == (404, "item_unknown")


class TestApproval:
    def test_the_tutor_approves_and_the_event_and_history_record_it(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        answer = approve(world, enrolment, SOREN, "KBU-01", 1)
        assert answer.status_code == 200, answer.text
        assert (answer.json()["state"], answer.json()["decided_role"]) == ("approved", "tutor")
        [published] = world.published(contract.ITEM_APPROVED)
        assert (published["actor_id"], published["role"], published["version"]) == (
            SOREN, "tutor", 2)
        history = act(world, METTE, "GET", item_path(enrolment, "KBU-01")).json()["history"]
        assert [(h["action"], h["to_state"]) for h in history] == [
            ("sign_off.approved", "approved"), ("sign_off.submitted", "ready_for_approval")]

    def test_approving_ones_own_item_is_refused_and_nothing_changes(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        answer = approve(world, enrolment, METTE, "KBU-01", 1)
        assert (answer.status_code, answer.json()["code"]) == (403, "own_item")
        assert act(world, METTE, "GET", item_path(enrolment, "KBU-01")).json()["state"] == (
            "ready_for_approval")

    def test_someone_not_assigned_to_the_trainee_is_refused(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        answer = approve(world, enrolment, "stranger", "KBU-01", 1)
        assert (answer.status_code, answer.json()["code"]) == (403, "not_assigned")

    def test_a_stale_version_is_a_conflict(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        answer = approve(world, enrolment, SOREN, "KBU-01", 0)
        assert (answer.status_code, answer.json()["code"]) == (409, "version_conflict")

    def test_two_approvers_at_once_give_one_approval_and_one_conflict(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        answers, start = [], threading.Barrier(2)

        def go(person):
            start.wait()
            answers.append(approve(world, enrolment, person, "KBU-01", 1).status_code)

        threads = [threading.Thread(target=go, args=(p,)) for p in (SOREN, ANNE)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(answers) == [200, 409]
        assert world.rows("SELECT count(*) FROM audit_log WHERE action = 'sign_off.approved'"
                          ) == [(1,)]

    def test_the_tutor_returns_an_item_with_a_comment_and_needs_one(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        path = item_path(enrolment, "KBU-01", "return")
        empty = act(world, SOREN, "POST", path, json={"version": 1})
        assert (empty.status_code, empty.json()["code"]) == (422, "comment_required")
        answer = act(world, SOREN, "POST", path, json={"version": 1, "comment": "Mere KV-kort"})
        assert (answer.json()["state"], answer.json()["comment"]) == ("returned", "Mere KV-kort")

    def test_recall_after_a_decision_is_refused(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        approve(world, enrolment, SOREN, "KBU-01", 1)
        answer = act(world, METTE, "POST", item_path(enrolment, "KBU-01", "recall"), json={})
        assert (answer.status_code, answer.json()["code"]) == (409, "already_decided")

    def test_several_items_approved_in_one_action_are_each_a_record(self, kbu):
        world, enrolment, _ = kbu
        for code in ("KBU-01", "KBU-02", "KBU-03"):
            submit(world, enrolment, METTE, code)
        path = f"/enrolments/{enrolment['enrolment_id']}/approvals"
        stale = act(world, SOREN, "POST", path, json={"items": [
            {"code": "KBU-01", "version": 1}, {"code": "KBU-02", "version": 7}]})
        assert (stale.status_code, stale.json()["code"]) == (409, "version_conflict")
        answer = act(world, SOREN, "POST", path, json={"items": [
            {"code": c, "version": 1} for c in ("KBU-01", "KBU-02", "KBU-03")]})
        assert [r["state"] for r in answer.json()] == ["approved"] * 3
        approvals = world.published(contract.ITEM_APPROVED, 3)
        assert len({a["sign_off_id"] for a in approvals}) == 3
        assert len({a["batch_id"] for a in approvals}) == 1


class TestTheVejleder:
    def test_approves_a_kbu_competency(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        answer = approve(world, enrolment, ANNE, "KBU-01", 1)
        assert (answer.status_code, answer.json()["decided_role"]) == (200, "vejleder")

    @pytest.mark.parametrize("code", ["tid-kbu-1", "laeringsmaal-kbu-1"])
    def test_is_refused_both_kbu_attestations(self, kbu, code):
        world, enrolment, placement = kbu
        answer = act(world, ANNE, "POST", attestation_path(enrolment, code),
                     json={"placement_id": placement["placement_id"]})
        assert (answer.status_code, answer.json()["code"]) == (403, "role_not_permitted")

    def test_reads_that_she_may_approve_items_but_give_neither_attestation(self, kbu):
        world, enrolment, _ = kbu
        shown = progress(world, enrolment, ANNE)
        assert shown["may"] == ["approve_item"]
        assert {a["code"]: a["may_give"] for a in shown["attestations"]} == {
            "tid-kbu-1": False, "laeringsmaal-kbu-1": False}

    def test_the_personal_tutor_reads_that_he_may_give_both_and_the_trainee_neither(self, kbu):
        world, enrolment, _ = kbu
        tutor, trainee = progress(world, enrolment, SOREN), progress(world, enrolment, METTE)
        assert tutor["may"] == ["approve_item"] and trainee["may"] == []
        assert [a["may_give"] for a in tutor["attestations"]] == [True, True]
        assert [a["may_give"] for a in trainee["attestations"]] == [False, False]

    def test_reads_that_she_may_sign_nothing_of_a_cancelled_enrolment(self, kbu):
        world, enrolment, _ = kbu
        cancelled = world.as_admin(HOVEDSTADEN, "POST",
                                   f"/enrolments/{enrolment['enrolment_id']}/cancel",
                                   json={"reason": "Recorded by mistake"})
        assert cancelled.status_code == 200, cancelled.text
        shown = progress(world, enrolment, ANNE)  # her relationship still lets her read
        assert shown["may"] == []
        assert not any(a["may_give"] for a in shown["attestations"])

    def test_outside_the_window_is_refused(self, world):
        enrolment = world.enrol(METTE, "kbu", HOVEDSTADEN, starts=TODAY - timedelta(days=30)
                                ).json()
        world.place(enrolment, "kbu-1", TODAY - timedelta(days=30), ENDS)
        relate(world, METTE, ANNE, "vejleder", HOVEDSTADEN, PRACTICE,
               TODAY - timedelta(days=30), TODAY - timedelta(days=1))
        submit(world, enrolment, METTE, "KBU-01")
        answer = approve(world, enrolment, ANNE, "KBU-01", 1)
        assert (answer.status_code, answer.json()["code"]) == (403, "outside_window")


class TestTheTimeAttestation:
    def test_is_refused_before_the_last_month_and_given_in_it(self, kbu):
        world, enrolment, placement = kbu
        body = {"placement_id": placement["placement_id"]}
        early = act(world, SOREN, "POST", attestation_path(enrolment, "tid-kbu-1"), json=body)
        assert (early.status_code, early.json()["code"]) == (409, "time_attestation_too_early")
        world.shift_clock(timedelta(days=140))
        answer = act(world, SOREN, "POST", attestation_path(enrolment, "tid-kbu-1"), json=body)
        assert (answer.status_code, answer.json()["state"]) == (200, "approved")
        [published] = world.published(contract.ATTESTATION_APPROVED)
        assert (published["kind"], published["placement_id"]) == (
            "time_attestation", placement["placement_id"])

    def test_the_learning_objective_attestation_waits_for_the_placements_items(self, kbu):
        world, enrolment, placement = kbu
        answer = act(world, SOREN, "POST", attestation_path(enrolment, "laeringsmaal-kbu-1"),
                     json={"placement_id": placement["placement_id"]})
        assert (answer.status_code, answer.json()["code"]) == (409, "items_not_all_approved")
        assert len(answer.json()["errors"]["missing"]) == len(
            group_items(world, enrolment, METTE, "KBU-A"))


class TestTheRegionsReset:
    def test_needs_the_written_requests_reference(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        approve(world, enrolment, SOREN, "KBU-01", 1)
        answer = act(world, JENS, "POST", item_path(enrolment, "KBU-01", "reset"),
                     assurance="substantial", memberships=REGION_ADMIN,
                     json={"version": 2, "reason": "Forkert læge"})
        assert (answer.status_code, answer.json()["code"]) == (422, "reset_reference_required")
        assert world.rows("SELECT state FROM sign_offs") == [("approved",)]

    def test_resets_keeping_the_approval_in_the_history(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        approve(world, enrolment, SOREN, "KBU-01", 1)
        answer = act(world, JENS, "POST", item_path(enrolment, "KBU-01", "reset"),
                     assurance="substantial", memberships=REGION_ADMIN,
                     json={"version": 2, "reference": "RH-2027-118", "reason": "Forkert læge"})
        assert (answer.status_code, answer.json()["state"]) == (200, "not_started")
        [published] = world.published(contract.ITEM_RESET)
        assert (published["reference"], published["role"]) == ("RH-2027-118", "region_admin")
        history = act(world, METTE, "GET", item_path(enrolment, "KBU-01")).json()["history"]
        assert [h["action"] for h in history] == [
            "sign_off.reset", "sign_off.approved", "sign_off.submitted"]
        assert submit(world, enrolment, METTE, "KBU-01")["state"] == "ready_for_approval"

    def test_a_tutor_may_not_reset(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        approve(world, enrolment, SOREN, "KBU-01", 1)
        answer = act(world, SOREN, "POST", item_path(enrolment, "KBU-01", "reset"),
                     json={"version": 2, "reference": "x", "reason": "y"})
        assert (answer.status_code, answer.json()["code"]) == (403, "not_holder_administrator")


class TestProgress:
    def test_counts_per_group_and_what_is_missing(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        approve(world, enrolment, SOREN, "KBU-01", 1)
        shown = act(world, METTE, "GET", f"/enrolments/{enrolment['enrolment_id']}/progress"
                    ).json()
        groups = {g["code"]: g for g in shown["groups"]}
        assert groups["KBU-A"]["counts"]["approved"] == 1
        assert shown["approved"] == 1 and shown["required"] == len(shown["missing"]) + 1

    def test_is_not_visible_to_a_stranger(self, kbu):
        world, enrolment, _ = kbu
        answer = act(world, "stranger", "GET",
                     f"/enrolments/{enrolment['enrolment_id']}/progress")
        assert (answer.status_code, answer.json()["code"]) == (403, "trainee_not_visible")

    def test_once_the_regions_agreement_has_ended_the_personal_tutor_no_longer_reads(
            self, kbu):
        world, enrolment, _ = kbu
        path = f"/enrolments/{enrolment['enrolment_id']}/progress"
        assert act(world, SOREN, "GET", path).status_code == 200
        world.publish("identity.events", event(identity.DPA_TERMINATED_V2, {
            "organisation_id": HOVEDSTADEN, "organisation_name": "Hovedstaden",
            "agreement_version": 1}))
        wait_for(lambda: world.rows("SELECT 1 FROM organisation_agreements WHERE "
                                    "organisation_id = :o AND NOT in_force", o=HOVEDSTADEN))
        refused = [act(world, person, "GET", f"/enrolments/{enrolment['enrolment_id']}{part}")
                   for person in (SOREN, ANNE) for part in ("/progress", "/history",
                                                            "/items/KBU-01")]
        assert {(a.status_code, a.json()["code"]) for a in refused} == {
            (403, "trainee_not_visible")}
        assert act(world, METTE, "GET", path).status_code == 200  # her own record stays hers

    def test_once_the_regions_agreement_has_ended_the_tutors_queue_offers_nothing_of_it(
            self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        assert act(world, SOREN, "GET", "/me/queue").json() != []
        world.publish("identity.events", event(identity.DPA_TERMINATED_V2, {
            "organisation_id": HOVEDSTADEN, "organisation_name": "Hovedstaden",
            "agreement_version": 1}))
        wait_for(lambda: world.rows("SELECT 1 FROM organisation_agreements WHERE "
                                    "organisation_id = :o AND NOT in_force", o=HOVEDSTADEN))
        assert act(world, SOREN, "GET", "/me/queue").json() == []

    def test_the_regions_overview_lists_waiting_items(self, kbu):
        world, enrolment, _ = kbu
        submit(world, enrolment, METTE, "KBU-01")
        world.shift_clock(timedelta(days=20))
        answer = act(world, JENS, "GET", f"/organisations/{HOVEDSTADEN}/sign-off-overview",
                     assurance="substantial", memberships=REGION_ADMIN,
                     params={"waiting_days": 14})
        [trainee] = answer.json()["trainees"]
        assert [w["code"] for w in trainee["waiting"]] == ["KBU-01"]
