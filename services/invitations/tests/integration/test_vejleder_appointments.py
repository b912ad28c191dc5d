"""Vejleder appointments through the service (the tutor doctors' quick guide): the window,
"Aktiv", the department, the access e-mail; change and end; abuse refused, nothing changed."""
from datetime import timedelta

import pytest
from invitation_world import HOVEDSTADEN, PRACTICE, PRACTICE_2, TODAY

from portal_contracts import invitations as contract

TUTOR = ((PRACTICE, "tutor"),)
TWO_PRACTICES = ((PRACTICE, "tutor"), (PRACTICE_2, "tutor"))


@pytest.fixture
def practice(world):
    world.person("soren", "Søren", "Nielsen", "SN001", country="DK")
    world.person("mette", "Mette", "Jensen", country="DK")
    world.person("anne", "Anne", "Larsen", "AL123", country="DK")
    for trainee in ("mette", "jonas"):
        world.placed(trainee, place=PRACTICE, holder=HOVEDSTADEN, curriculum="kbu")
    return world


def appoint(world, as_="soren", memberships=TUTOR, **changes):
    body = {"authorisation_id": "AL123", "given_name": "Anne", "family_name": "Larsen",
            "valid_from": TODAY.isoformat(),
            "valid_to": (TODAY + timedelta(days=30)).isoformat(),
            "all_trainees": False, "trainee_ids": ["mette"], "send_access_email": True,
            **changes}
    return world.api("POST", "/appointments", as_=as_, memberships=memberships, json=body)


def count(world, table):
    return world.rows(f"SELECT count(*) FROM {table}")[0][0]  # noqa: S608 - test tables


class TestAppointing:
    def test_a_tutor_appoints_a_registered_person_for_chosen_trainees(self, practice):
        made = appoint(practice)
        assert made.status_code == 201, made.text
        assert (made.json()["person_id"], made.json()["place_id"]) == ("anne", PRACTICE)
        granted = practice.published(contract.RELATIONSHIP_GRANTED)
        assert [(g["trainee_id"], g["person_id"], g["role"], g["organisation_id"])
                for g in granted] == [("mette", "anne", "vejleder", HOVEDSTADEN)]
        assert granted[0]["valid_to"] == (TODAY + timedelta(days=30)).isoformat()
        assert practice.published(contract.APPOINTMENT_MADE)[0]["tutor_id"] == "soren"
        mail = practice.mails("vejleder_access")[0]
        assert (mail["recipient"]["email"], mail["tutor_name"], mail["practice_name"],
                mail["organisation_name"], mail["trainee_names"]) == (
            "anne@example.org", "Søren Nielsen", "Lægehuset Nørrebro", "Region Hovedstaden",
            ["Mette Jensen"])
        mine = practice.api("GET", "/me/trainees", as_="anne").json()
        assert [(m["trainee_id"], m["role"]) for m in mine] == [("mette", "vejleder")]

    def test_all_trainees_of_the_practice_includes_those_placed_later(self, practice):
        assert appoint(practice, all_trainees=True, trainee_ids=[],
                       send_access_email=False).status_code == 201
        practice.published(contract.RELATIONSHIP_GRANTED, 2)
        practice.placed("freja", place=PRACTICE, holder=HOVEDSTADEN, curriculum="kbu")
        granted = practice.published(contract.RELATIONSHIP_GRANTED, 3)
        assert sorted(g["trainee_id"] for g in granted) == ["freja", "jonas", "mette"]
        assert not practice.sent("vejleder_access")

    def test_a_person_without_a_profile_needs_contact_data_and_gets_access_at_registration(
            self, practice):
        missing = appoint(practice, authorisation_id="NEW01")
        assert (missing.status_code, missing.json()["code"]) == (422, "contact_required")
        assert count(practice, "appointments") == 0
        made = appoint(practice, authorisation_id="NEW01", email="ny@example.dk",
                       mobile="+45 12 34 56 78")
        assert made.status_code == 201 and made.json()["person_id"] is None
        sent = practice.mails("vejleder_access")[0]["recipient"]
        assert (sent["email"], sent["mobile"], sent["person_id"]) == (
            "ny@example.dk", "+45 12 34 56 78", None)
        assert count(practice, "relationships") == 0
        practice.person("nyperson", "Ny", "Person", "new01", country="DK")
        granted = practice.published(contract.RELATIONSHIP_GRANTED)[0]
        assert (granted["person_id"], granted["trainee_id"]) == ("nyperson", "mette")

    def test_the_tutors_trainees_are_those_placed_in_the_tutors_practices(self, practice):
        mine = practice.api("GET", "/me/trainees", as_="soren", memberships=TUTOR).json()
        assert sorted((m["trainee_id"], m["role"]) for m in mine) == [
            ("jonas", "tutor"), ("mette", "tutor")]


class TestAbuse:
    def test_an_end_before_the_start_is_refused(self, practice):
        refused = appoint(practice, valid_from=TODAY.isoformat(),
                          valid_to=(TODAY - timedelta(days=1)).isoformat())
        assert (refused.status_code, refused.json()["code"]) == (422, "window_invalid")
        assert count(practice, "appointments") == 0 and count(practice, "outbox") == 0

    def test_someone_who_is_no_tutor_cannot_appoint(self, practice):
        refused = appoint(practice, as_="mette", memberships=())
        assert (refused.status_code, refused.json()["code"]) == (403, "not_a_tutor")

    def test_a_tutor_of_several_practices_must_name_the_department(self, practice):
        refused = appoint(practice, memberships=TWO_PRACTICES)
        assert (refused.status_code, refused.json()["code"]) == (422, "department_required")
        assert appoint(practice, memberships=TWO_PRACTICES,
                       place_id=PRACTICE).status_code == 201

    def test_a_practice_the_tutor_does_not_tutor_is_refused(self, practice):
        refused = appoint(practice, place_id=PRACTICE_2)
        assert (refused.status_code, refused.json()["code"]) == (403, "not_your_practice")

    def test_a_trainee_placed_elsewhere_is_refused(self, practice):
        practice.placed("elsewhere", place=PRACTICE_2, holder=HOVEDSTADEN, curriculum="kbu")
        refused = appoint(practice, trainee_ids=["mette", "elsewhere"])
        assert (refused.status_code, refused.json()["code"]) == (403, "trainee_not_yours")
        assert count(practice, "appointments") == 0

    def test_no_appointment_without_an_agreement_in_force(self, practice):
        practice.terminate(HOVEDSTADEN)
        refused = appoint(practice)
        assert (refused.status_code, refused.json()["code"]) == (403, "dpa_not_active")

    def test_another_tutors_appointment_cannot_be_changed_or_ended(self, practice):
        made = appoint(practice).json()
        for method, path, body in (
                ("PUT", f"/appointments/{made['id']}", {"all_trainees": True}),
                ("POST", f"/appointments/{made['id']}/end", {})):
            refused = practice.api(method, path, as_="other", memberships=TUTOR, json=body)
            assert (refused.status_code, refused.json()["code"]) == (
                403, "not_your_appointment")
        assert practice.rows("SELECT state FROM appointments")[0][0] == "active"


class TestChangingAndEnding:
    def test_changing_the_window_and_trainees_changes_grants_and_ends(self, practice):
        made = appoint(practice).json()
        practice.published(contract.RELATIONSHIP_GRANTED)
        changed = practice.api("PUT", f"/appointments/{made['id']}", as_="soren",
                               memberships=TUTOR, json={
                                   "valid_to": (TODAY + timedelta(days=10)).isoformat(),
                                   "valid_from": TODAY.isoformat(), "all_trainees": False,
                                   "trainee_ids": ["jonas"]})
        assert changed.status_code == 200, changed.text
        ended = practice.published(contract.RELATIONSHIP_ENDED)[0]
        assert (ended["trainee_id"], ended["reason"]) == ("mette", "trainee_removed")
        granted = practice.published(contract.RELATIONSHIP_GRANTED, 2)[1]
        assert (granted["trainee_id"], granted["valid_to"]) == (
            "jonas", (TODAY + timedelta(days=10)).isoformat())

    def test_ending_ends_every_relationship_and_is_in_the_audit_log(self, practice):
        made = appoint(practice, trainee_ids=["mette", "jonas"]).json()
        practice.published(contract.RELATIONSHIP_GRANTED, 2)
        assert practice.api("POST", f"/appointments/{made['id']}/end", as_="soren",
                            memberships=TUTOR, json={"reason": "left"}).status_code == 200
        assert len(practice.published(contract.RELATIONSHIP_ENDED, 2)) == 2
        again = practice.api("POST", f"/appointments/{made['id']}/end", as_="soren",
                             memberships=TUTOR)
        assert (again.status_code, again.json()["code"]) == (409, "appointment_ended")
        log = practice.api("GET", "/trainees/mette/audit", as_="mette").json()
        assert [e["action"] for e in log] == ["relationship.ended", "relationship.granted"]


class TestTheWindow:
    def test_access_stops_when_the_clock_passes_the_end_date(self, practice):
        appoint(practice)
        practice.published(contract.RELATIONSHIP_GRANTED)
        assert practice.api("GET", "/me/trainees", as_="anne").json()
        practice.shift_clock(timedelta(days=31, hours=1))
        assert practice.api("GET", "/me/trainees", as_="anne").json() == []
        assert practice.api("GET", "/trainees/mette/relationships", as_="mette").json() == []
