"""Enrolments, placements and tutors through the running service (PostgreSQL and SQLite)."""
from datetime import timedelta

from programme_world import (
    ANNE,
    BERGEN,
    HOVEDSTADEN,
    KARI,
    LEGEVAKT,
    METTE,
    PRACTICE,
    PRACTICE_2,
    SOREN,
    TODAY,
)

from portal_contracts import competencies as contract

SOON, LATER = TODAY + timedelta(days=10), TODAY + timedelta(days=180)


class TestEnrolling:
    def test_a_region_administrator_enrols_a_kbu_trainee_on_the_current_version(self, world):
        answer = world.enrol()
        assert answer.status_code == 201, answer.text
        enrolment = answer.json()
        assert (enrolment["curriculum_version"], enrolment["trainee_name"]) == (
            "2017", "Mette Jensen")
        (created,) = world.published(contract.ENROLMENT_CREATED)
        assert created["enrolment_id"] == enrolment["enrolment_id"]
        audit = world.rows("SELECT action, actor FROM audit_log")
        assert [tuple(r) for r in audit] == [("enrolment.created", "admin-of-hovedstaden")]

    def test_an_administrator_of_another_holder_may_not(self, world):
        answer = world.as_admin(BERGEN, "POST", "/enrolments", json={
            "trainee_id": METTE, "curriculum": "kbu", "agreement_holder_id": HOVEDSTADEN,
            "starts_on": TODAY.isoformat()})
        assert (answer.status_code, answer.json()["code"]) == (403, "not_holder_administrator")
        assert world.rows("SELECT 1 FROM enrolments") == []

    def test_in_a_version_that_does_not_exist_is_refused(self, world):
        answer = world.enrol(curriculum_version="1999")
        assert (answer.status_code, answer.json()["code"]) == (422, "curriculum_version_unknown")

    def test_refuses_a_curriculum_of_another_country(self, world):
        answer = world.enrol(curriculum="lis1")
        assert (answer.status_code, answer.json()["code"]) == (
            422, "curriculum_country_mismatch")

    def test_refuses_an_unknown_person_and_a_second_enrolment(self, world):
        assert world.enrol(trainee="nobody").json()["code"] == "trainee_unknown"
        assert world.enrol().status_code == 201
        answer = world.enrol()
        assert (answer.status_code, answer.json()["code"]) == (409, "already_enrolled")

    def test_refuses_unknown_fields_and_bad_dates(self, world):
        assert world.enrol(colour="blue").json()["code"] == "validation_failed"
        assert world.enrol(starts=TODAY, ends_on="2000-01-01").json()["code"] == (
            "enrolment_ends_before_start")


class TestPlacing:
    def test_a_lis1_doctor_gets_the_plan_of_the_municipality_automatically(self, world):
        enrolment = world.enrol(KARI, "lis1", BERGEN, curriculum_version="2025-09").json()
        answer = world.place(enrolment, "kommune", SOON, LATER, place=LEGEVAKT)
        assert answer.status_code == 201, answer.text
        assert (answer.json()["plan"], answer.json()["state"]) == (["KLK", "FKM-K"], "planned")
        (recorded,) = world.published(contract.PLACEMENT_RECORDED)
        assert recorded["plan"] == ["KLK", "FKM-K"] and recorded["element_kind"] == (
            "municipality")

    def test_the_practices_only_tutor_becomes_the_personal_tutor(self, world):
        enrolment = world.enrol().json()
        placement = world.place(enrolment, "kbu-1", TODAY, LATER).json()
        assert (placement["tutor_id"], placement["tutor_name"]) == (SOREN, "Søren Nielsen")
        (assigned,) = world.published(contract.TUTOR_ASSIGNED)
        assert (assigned["tutor_id"], assigned["previous_tutor_id"]) == (SOREN, None)

    def test_with_several_tutors_the_administrator_picks_one_at_a_time(self, world):
        world.grant(ANNE, PRACTICE, "tutor", wait=True)
        enrolment = world.enrol().json()
        placement = world.place(enrolment, "kbu-1", TODAY, LATER).json()
        assert placement["tutor_id"] is None
        tutors = world.as_admin(HOVEDSTADEN, "GET", f"/places/{PRACTICE}/tutors").json()
        assert {t["person_id"] for t in tutors} == {SOREN, ANNE}
        path = f"/placements/{placement['placement_id']}/tutor"
        assert world.as_admin(HOVEDSTADEN, "POST", path, json={"tutor_id": ANNE}).json()[
            "tutor_id"] == ANNE
        answer = world.as_admin(HOVEDSTADEN, "POST", path, json={"tutor_id": SOREN})
        assert answer.json()["tutor_id"] == SOREN
        assigned = world.published(contract.TUTOR_ASSIGNED, 2)
        assert assigned[-1]["previous_tutor_id"] == ANNE

    def test_a_tutor_of_another_practice_is_refused(self, world):
        enrolment = world.enrol().json()
        placement = world.place(enrolment, "kbu-1", TODAY, LATER, place=PRACTICE_2).json()
        answer = world.as_admin(HOVEDSTADEN, "POST",
                                f"/placements/{placement['placement_id']}/tutor",
                                json={"tutor_id": SOREN})
        assert (answer.status_code, answer.json()["code"]) == (422, "not_a_tutor_of_place")

    def test_bad_placements_are_refused_and_change_nothing(self, world):
        enrolment = world.enrol().json()
        assert world.place(enrolment, "kbu-1", TODAY, LATER).status_code == 201
        refusals = [
            (world.place(enrolment, "kbu-2", LATER, SOON), 422, "placement_ends_before_start"),
            (world.place(enrolment, "kbu-2", SOON, LATER + timedelta(days=1)), 409,
             "placements_overlap"),
            (world.place(enrolment, "kommune", LATER + timedelta(days=1), LATER +
                         timedelta(days=2)), 422, "element_unknown"),
            (world.place(enrolment, "kbu-2", LATER + timedelta(days=1), LATER +
                         timedelta(days=2), place=LEGEVAKT), 422, "place_not_of_holder"),
            (world.place(enrolment, "kbu-2", LATER + timedelta(days=1), LATER +
                         timedelta(days=2), place="nowhere"), 422, "place_unknown")]
        assert [(a.status_code, a.json()["code"]) for a, *_ in refusals] == [
            (s, c) for _, s, c in refusals]
        assert len(world.rows("SELECT 1 FROM placements")) == 1

    def test_changing_and_cancelling_are_events_in_order(self, world):
        enrolment = world.enrol().json()
        placement = world.place(enrolment, "kbu-1", TODAY, LATER).json()
        path = f"/placements/{placement['placement_id']}"
        changed = world.as_admin(HOVEDSTADEN, "PATCH", path, json={
            "starts_on": TODAY.isoformat(), "ends_on": (LATER + timedelta(days=5)).isoformat()})
        assert changed.status_code == 200, changed.text
        assert world.as_admin(HOVEDSTADEN, "POST", f"{path}/cancel",
                              json={"reason": " "}).json()["code"] == "reason_required"
        cancelled = world.as_admin(HOVEDSTADEN, "POST",
                                   f"/enrolments/{enrolment['enrolment_id']}/cancel",
                                   json={"reason": "Recorded by mistake"})
        assert cancelled.json()["state"] == "cancelled"
        assert cancelled.json()["placements"][0]["state"] == "cancelled"
        types = [e["type"] for e in world.events()]
        assert types.index(contract.PLACEMENT_CANCELLED) < types.index(
            contract.ENROLMENT_CANCELLED)
        assert world.published(contract.PLACEMENT_CHANGED)[0]["ends_on"] == (
            LATER + timedelta(days=5)).isoformat()
        actions = {r[0] for r in world.rows("SELECT action FROM audit_log")}
        assert actions >= {"enrolment.created", "placement.recorded", "tutor.assigned",
                           "placement.changed", "placement.cancelled", "enrolment.cancelled"}
