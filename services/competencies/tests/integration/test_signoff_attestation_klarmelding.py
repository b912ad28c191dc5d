"""Attestations through the running service, on PostgreSQL and SQLite: the trainee marks a
placement's attestation ready for its approver (the placement's personal tutor; LIS1 the
leader), recalls it, the approver gives it or returns it with a comment, both with the
version they read; the tutor gives the time attestation after the placement ended, for a
year, and nothing else."""
from datetime import timedelta

import pytest
from programme_world import ANNE, HOVEDSTADEN, METTE, PRACTICE, SOREN, TODAY
from signoff_world import act, item_path, relate, submit

from portal_contracts import signoff as contract

ENDS = TODAY + timedelta(days=150)
IN_THE_LAST_MONTH = timedelta(days=140)


@pytest.fixture
def kbu(world):
    enrolment = world.enrol(METTE, "kbu", HOVEDSTADEN, starts=TODAY - timedelta(days=30)).json()
    placement = world.place(enrolment, "kbu-1", TODAY - timedelta(days=30), ENDS).json()
    assert placement["tutor_id"] == SOREN
    relate(world, METTE, ANNE, "vejleder", HOVEDSTADEN, PRACTICE, TODAY - timedelta(days=30))
    return world, enrolment, placement


def path(enrolment, code, action):
    return f"/enrolments/{enrolment['enrolment_id']}/attestations/{code}/{action}"


def on(placement, **body):
    return {"placement_id": placement["placement_id"], **body}


def mark_ready(world, enrolment, placement, code="tid-kbu-1"):
    answer = act(world, METTE, "POST", path(enrolment, code, "submit"), json=on(placement))
    assert answer.status_code == 200, answer.text
    return answer.json()


def attestation_state(world, enrolment, placement, code="tid-kbu-1"):
    answer = act(world, METTE, "GET", f"/enrolments/{enrolment['enrolment_id']}/items/{code}",
                 params={"placement_id": placement["placement_id"]})
    return answer.json()["state"], answer.json()["version"]


class TestTheKlarmeldingOfAnAttestation:
    def test_goes_to_the_placements_personal_tutor_and_is_published(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(IN_THE_LAST_MONTH)
        record = mark_ready(world, enrolment, placement)
        assert (record["state"], record["approver_id"], record["version"]) == (
            "ready_for_approval", SOREN, 1)
        [published] = world.published(contract.ITEM_SUBMITTED)
        assert (published["kind"], published["placement_id"], published["approver_id"]) == (
            "time_attestation", placement["placement_id"], SOREN)

    def test_is_in_the_tutors_queue_as_an_attestation(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(IN_THE_LAST_MONTH)
        mark_ready(world, enrolment, placement)
        [entry] = act(world, SOREN, "GET", "/me/queue").json()
        assert entry["items"] == []
        [waiting] = entry["attestations"]
        assert (waiting["code"], waiting["placement_id"], waiting["title"]) == (
            "tid-kbu-1", placement["placement_id"],
            "Attestation for tidsmæssigt gennemført ansættelse, 1. ansættelse")

    def test_is_not_in_the_vejleders_queue_who_may_not_give_it(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(IN_THE_LAST_MONTH)
        mark_ready(world, enrolment, placement)
        assert act(world, ANNE, "GET", "/me/queue").json() == []

    def test_is_refused_before_the_last_month_and_changes_nothing(self, kbu):
        world, enrolment, placement = kbu
        answer = act(world, METTE, "POST", path(enrolment, "tid-kbu-1", "submit"),
                     json=on(placement))
        assert (answer.status_code, answer.json()["code"]) == (409, "time_attestation_too_early")
        assert attestation_state(world, enrolment, placement) == ("not_started", 0)

    def test_of_the_learning_objective_attestation_waits_for_the_placements_items(self, kbu):
        world, enrolment, placement = kbu
        answer = act(world, METTE, "POST", path(enrolment, "laeringsmaal-kbu-1", "submit"),
                     json=on(placement))
        assert (answer.status_code, answer.json()["code"]) == (409, "items_not_all_approved")

    def test_needs_a_placement_the_attestation_covers(self, kbu):
        world, enrolment, _ = kbu
        answer = act(world, METTE, "POST", path(enrolment, "tid-kbu-1", "submit"),
                     json={"placement_id": "no-such-placement"})
        assert (answer.status_code, answer.json()["code"]) == (422, "placement_not_covered")

    def test_is_only_the_trainees_to_make(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(IN_THE_LAST_MONTH)
        answer = act(world, SOREN, "POST", path(enrolment, "tid-kbu-1", "submit"),
                     json=on(placement))
        assert (answer.status_code, answer.json()["code"]) == (403, "not_the_trainee")

    def test_the_trainee_recalls_it_before_a_decision_but_not_after(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(IN_THE_LAST_MONTH)
        mark_ready(world, enrolment, placement)
        recalled = act(world, METTE, "POST", path(enrolment, "tid-kbu-1", "recall"),
                       json=on(placement, version=1))
        assert (recalled.status_code, recalled.json()["state"]) == (200, "not_started")
        [published] = world.published(contract.ITEM_RECALLED)
        assert published["kind"] == "time_attestation"
        mark_ready(world, enrolment, placement)
        given = act(world, SOREN, "POST", path(enrolment, "tid-kbu-1", "approve"),
                    json=on(placement, version=3))
        assert given.status_code == 200, given.text
        late = act(world, METTE, "POST", path(enrolment, "tid-kbu-1", "recall"),
                   json=on(placement))
        assert (late.status_code, late.json()["code"]) == (409, "already_decided")
        assert attestation_state(world, enrolment, placement) == ("approved", 4)


class TestTheApproversDecision:
    def test_the_tutor_gives_it_with_the_version_read_and_a_stale_one_conflicts(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(IN_THE_LAST_MONTH)
        mark_ready(world, enrolment, placement)
        stale = act(world, SOREN, "POST", path(enrolment, "tid-kbu-1", "approve"),
                    json=on(placement, version=0))
        assert (stale.status_code, stale.json()["code"]) == (409, "version_conflict")
        assert attestation_state(world, enrolment, placement) == ("ready_for_approval", 1)
        given = act(world, SOREN, "POST", path(enrolment, "tid-kbu-1", "approve"),
                    json=on(placement, version=1))
        assert (given.status_code, given.json()["state"]) == (200, "approved")
        [published] = world.published(contract.ATTESTATION_APPROVED)
        assert (published["kind"], published["version"]) == ("time_attestation", 2)
        assert act(world, SOREN, "GET", "/me/queue").json() == []

    def test_the_tutor_returns_it_with_a_comment_and_needs_one(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(IN_THE_LAST_MONTH)
        mark_ready(world, enrolment, placement)
        empty = act(world, SOREN, "POST", path(enrolment, "tid-kbu-1", "return"),
                    json=on(placement, version=1))
        assert (empty.status_code, empty.json()["code"]) == (422, "comment_required")
        answer = act(world, SOREN, "POST", path(enrolment, "tid-kbu-1", "return"),
                     json=on(placement, version=1, comment="Orlov mangler"))
        assert (answer.json()["state"], answer.json()["comment"]) == ("returned",
                                                                      "Orlov mangler")
        [published] = world.published(contract.ITEM_RETURNED)
        assert (published["kind"], published["comment"]) == ("time_attestation",
                                                              "Orlov mangler")
        assert mark_ready(world, enrolment, placement)["state"] == "ready_for_approval"

    def test_a_vejleder_may_not_return_it(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(IN_THE_LAST_MONTH)
        mark_ready(world, enrolment, placement)
        answer = act(world, ANNE, "POST", path(enrolment, "tid-kbu-1", "return"),
                     json=on(placement, version=1, comment="Nej"))
        assert (answer.status_code, answer.json()["code"]) == (403, "role_not_permitted")
        assert attestation_state(world, enrolment, placement) == ("ready_for_approval", 1)

    def test_returning_an_attestation_nobody_marked_ready_is_refused(self, kbu):
        world, enrolment, placement = kbu
        answer = act(world, SOREN, "POST", path(enrolment, "tid-kbu-1", "return"),
                     json=on(placement, version=0, comment="Hvad?"))
        assert (answer.status_code, answer.json()["code"]) == (409, "not_awaiting_approval")

    def test_the_tutor_still_gives_it_directly_without_a_klarmelding(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(IN_THE_LAST_MONTH)
        given = act(world, SOREN, "POST", path(enrolment, "tid-kbu-1", "approve"),
                    json=on(placement))
        assert (given.status_code, given.json()["state"]) == (200, "approved")


class TestTheTutorAfterThePlacement:
    def test_gives_the_time_attestation_after_the_placement_ended(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(timedelta(days=150 + 200))
        assert act(world, SOREN, "GET",
                   f"/enrolments/{enrolment['enrolment_id']}/progress").status_code == 200
        record = mark_ready(world, enrolment, placement)
        assert record["approver_id"] == SOREN
        assert act(world, SOREN, "GET", "/me/queue").json()[0]["attestations"]
        given = act(world, SOREN, "POST", path(enrolment, "tid-kbu-1", "approve"),
                    json=on(placement, version=1))
        assert (given.status_code, given.json()["decided_role"]) == (200, "tutor")

    def test_is_outside_the_window_a_year_and_a_day_after_the_end(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(timedelta(days=150 + 367))
        answer = act(world, SOREN, "POST", path(enrolment, "tid-kbu-1", "approve"),
                     json=on(placement))
        assert (answer.status_code, answer.json()["code"]) == (403, "outside_window")
        assert attestation_state(world, enrolment, placement) == ("not_started", 0)
        refused = act(world, METTE, "POST", path(enrolment, "tid-kbu-1", "submit"),
                      json=on(placement))
        assert (refused.status_code, refused.json()["code"]) == (409, "no_responsible_approver")

    def test_approves_no_competency_after_the_placement_ended(self, kbu):
        world, enrolment, placement = kbu
        submit(world, enrolment, METTE, "KBU-01")
        world.shift_clock(timedelta(days=160))
        answer = act(world, SOREN, "POST", item_path(enrolment, "KBU-01", "approve"),
                     json={"version": 1})
        assert (answer.status_code, answer.json()["code"]) == (403, "outside_window")

    def test_gives_no_learning_objective_attestation_after_the_placement_ended(self, kbu):
        world, enrolment, placement = kbu
        world.shift_clock(timedelta(days=160))
        answer = act(world, SOREN, "POST", path(enrolment, "laeringsmaal-kbu-1", "approve"),
                     json=on(placement))
        assert (answer.status_code, answer.json()["code"]) == (403, "outside_window")
