"""Trainees' records through the running service: my programme, who may read it and when
(the tutor's year, the region's opening), the read log, tutors' and organisations' lists."""
from datetime import timedelta

from programme_world import (
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
from portal_contracts import invitations as relations

ENDS = TODAY + timedelta(days=60)
AFTER_THE_YEAR = timedelta(days=60 + 367)


def kbu_trainee_at_practice(world):
    enrolment = world.enrol(starts=TODAY - timedelta(days=30)).json()
    placement = world.place(enrolment, "kbu-1", TODAY - timedelta(days=30), ENDS).json()
    return enrolment, placement


class TestMyProgramme:
    def test_shows_the_151_item_lis1_curriculum_by_plan_every_item_not_started(self, world):
        enrolment = world.enrol(KARI, "lis1", BERGEN, curriculum_version="2020-03").json()
        world.place(enrolment, "kommune", TODAY, TODAY + timedelta(days=180), place=LEGEVAKT)
        answer = world.api("GET", "/me/programme", as_=KARI)
        assert answer.status_code == 200, answer.text
        (programme,) = answer.json()["enrolments"]
        items = [i for g in programme["groups"] for i in g["items"]]
        assert len(items) == 151 and {i["state"] for i in items} == {"not_started"}
        groups = {g["code"]: g for g in programme["groups"]}
        assert groups["KLK"]["placement_ids"] == [programme["placements"][0]["placement_id"]]
        assert groups["KLS"]["placement_ids"] == []
        assert all(i["activities"] and i["assessment"] for i in items)
        assert programme["current_placement_id"] == programme["placements"][0]["placement_id"]

    def test_is_empty_for_a_person_with_no_enrolment(self, world):
        assert world.api("GET", "/me/programme", as_="nobody").json() == {
            "trainee_id": "nobody", "enrolments": []}


class TestATutor:
    def test_sees_their_practices_current_trainee_and_reading_it_is_logged(self, world):
        kbu_trainee_at_practice(world)
        listed = world.as_tutor(SOREN, "GET", "/tutor/trainees").json()
        assert [(t["name"], t["personal_tutor"]) for t in listed["current"]] == [
            ("Mette Jensen", True)]
        read = world.as_tutor(SOREN, "GET", f"/trainees/{METTE}/programme")
        assert (read.status_code, read.json()["read_as"]) == (200, "tutor")
        reads = world.api("GET", "/me/reads", as_=METTE).json()
        assert [(r["reader_name"], r["read_as"], r["place_id"]) for r in reads] == [
            ("Søren Nielsen", "tutor", PRACTICE)]

    def test_of_another_practice_sees_nothing(self, world):
        kbu_trainee_at_practice(world)
        answer = world.as_tutor("anne", "GET", f"/trainees/{METTE}/programme",
                                places=(PRACTICE_2,))
        assert (answer.status_code, answer.json()["code"]) == (403, "trainee_not_visible")
        assert world.as_tutor("anne", "GET", "/tutor/trainees", places=(PRACTICE_2,)).json() == {
            "current": [], "planned": [], "former": []}
        assert world.rows("SELECT 1 FROM record_reads") == []

    def test_sees_a_former_trainee_within_the_year_and_not_after(self, world):
        kbu_trainee_at_practice(world)
        world.shift_clock(timedelta(days=70))
        former = world.as_tutor(SOREN, "GET", "/tutor/trainees").json()["former"]
        assert [t["visible_until"] for t in former] == [
            ENDS.replace(year=ENDS.year + 1).isoformat()]
        world.shift_clock(AFTER_THE_YEAR)
        assert world.as_tutor(SOREN, "GET", "/tutor/trainees").json()["former"] == []
        assert world.as_tutor(SOREN, "GET", f"/trainees/{METTE}/programme").status_code == 403

    def test_sees_them_again_while_the_region_has_opened_access(self, world):
        kbu_trainee_at_practice(world)
        world.shift_clock(AFTER_THE_YEAR)
        opening = world.as_admin(HOVEDSTADEN, "POST", "/access-openings", json={
            "trainee_id": METTE, "place_id": PRACTICE, "reason": "Written request",
            "opened_until": (TODAY + AFTER_THE_YEAR + timedelta(days=14)).isoformat()})
        assert opening.status_code == 201, opening.text
        read = world.as_tutor(SOREN, "GET", f"/trainees/{METTE}/programme")
        assert read.status_code == 200
        (opened,) = world.published(contract.ACCESS_OPENED)
        assert opened["reason"] == "Written request"
        assert world.api("GET", "/me/reads", as_=METTE).json()[0]["opening_id"] == (
            opening.json()["opening_id"])
        world.shift_clock(AFTER_THE_YEAR + timedelta(days=15))
        assert world.as_tutor(SOREN, "GET", f"/trainees/{METTE}/programme").status_code == 403


class TestAnAccessOpening:
    def open(self, world, **body):
        return world.as_admin(HOVEDSTADEN, "POST", "/access-openings", json={
            "trainee_id": METTE, "place_id": PRACTICE, "reason": "Written request",
            "opened_until": (TODAY + AFTER_THE_YEAR + timedelta(days=14)).isoformat(), **body})

    def test_without_a_reason_or_too_long_is_refused_and_nothing_opens(self, world):
        kbu_trainee_at_practice(world)
        world.shift_clock(AFTER_THE_YEAR)
        too_long = (TODAY + AFTER_THE_YEAR + timedelta(days=30)).isoformat()
        assert [(a.status_code, a.json()["code"]) for a in (
            self.open(world, reason=None), self.open(world, reason=" "),
            self.open(world, opened_until=too_long))] == [
            (422, "opening_reason_required"), (422, "opening_reason_required"),
            (422, "opening_too_long")]
        assert world.rows("SELECT 1 FROM access_openings") == []

    def test_for_a_trainee_never_placed_there_is_refused(self, world):
        answer = self.open(world, trainee_id=KARI)
        assert (answer.status_code, answer.json()["code"]) == (
            409, "not_a_former_trainee_of_place")

    def test_by_another_regions_administrator_is_refused(self, world):
        kbu_trainee_at_practice(world)
        answer = world.as_admin(BERGEN, "POST", "/access-openings", json={
            "trainee_id": METTE, "place_id": PRACTICE, "reason": "x",
            "opened_until": TODAY.isoformat()})
        assert answer.json()["code"] == "not_holder_administrator"


class TestOtherReaders:
    def test_the_holders_administrator_lists_its_trainees_and_reads_are_logged(self, world):
        kbu_trainee_at_practice(world)
        listed = world.as_admin(HOVEDSTADEN, "GET", f"/organisations/{HOVEDSTADEN}/trainees")
        assert [t["name"] for t in listed.json()] == ["Mette Jensen"]
        assert world.as_admin(BERGEN, "GET", f"/organisations/{HOVEDSTADEN}/trainees"
                              ).json()["code"] == "not_holder_administrator"
        read = world.as_admin(HOVEDSTADEN, "GET", f"/trainees/{METTE}/programme")
        assert read.json()["read_as"] == "administrator"

    def test_a_lis1_leader_reads_inside_the_relationship_and_not_after_it_ended(self, world):
        from programme_world import event, now
        enrolment = world.enrol(KARI, "lis1", BERGEN).json()
        world.place(enrolment, "kommune", TODAY, TODAY + timedelta(days=180), place=LEGEVAKT)
        data = {"relationship_id": "rel-1", "trainee_id": KARI, "person_id": "ola",
                "role": "leader", "organisation_id": BERGEN, "place_id": LEGEVAKT,
                "source": "invitation", "source_id": "inv-1", "valid_from": TODAY.isoformat(),
                "valid_to": None, "version": 1, "granted_at": now(), "granted_by": KARI}
        world.publish("invitations.events", event(relations.RELATIONSHIP_GRANTED, data,
                                                  "/portal/invitations"))
        from portal_kit.testing import wait_for
        wait_for(lambda: world.rows("SELECT 1 FROM relationships"))
        assert world.api("GET", f"/trainees/{KARI}/programme", as_="ola").json()[
            "read_as"] == "relationship"
        ended = dict(data, version=2, reason="ended_by_trainee", ended_at=now(), ended_by=KARI)
        del ended["granted_at"], ended["granted_by"]
        world.publish("invitations.events", event(relations.RELATIONSHIP_ENDED, ended,
                                                  "/portal/invitations"))
        wait_for(lambda: world.rows("SELECT 1 FROM relationships WHERE ended"))
        assert world.api("GET", f"/trainees/{KARI}/programme", as_="ola").status_code == 403
