"""Where the trainee is placed decides: a vejleder acts for a trainee only while the trainee
is placed at the practice (ended or cancelled placements end the relationship, with an
event), and a place of training answers to its agreement holder's agreement."""
from datetime import timedelta

import pytest
from invitation_world import BERGEN, HOVEDSTADEN, LEGEVAKT, PRACTICE, TODAY

from portal_contracts import invitations as contract

TUTOR = ((PRACTICE, "tutor"),)


@pytest.fixture
def practice(world):
    world.person("soren", "Søren", "Nielsen", "SN001", country="DK")
    world.person("anne", "Anne", "Larsen", "AL123", country="DK")
    world.placements = {trainee: world.placed(trainee, place=PRACTICE, holder=HOVEDSTADEN,
                                              curriculum="kbu", ends=TODAY + timedelta(days=5))
                        for trainee in ("mette", "jonas")}
    return world


def appoint(world, **changes):
    body = {"authorisation_id": "AL123", "given_name": "Anne", "family_name": "Larsen",
            "all_trainees": False, "trainee_ids": ["mette", "jonas"],
            "send_access_email": False, **changes}
    made = world.api("POST", "/appointments", as_="soren", memberships=TUTOR, json=body)
    assert made.status_code == 201, made.text
    world.published(contract.RELATIONSHIP_GRANTED, 2)
    return made.json()


def vejleder_of(world):
    return sorted(m["trainee_id"] for m in world.api("GET", "/me/trainees", as_="anne").json())


class TestVejledereFollowThePlacement:
    def test_a_cancelled_placement_ends_the_vejleder_relationship_for_that_trainee(
            self, practice):
        appoint(practice)
        practice.cancel_placement(practice.placements["jonas"], "jonas", PRACTICE, HOVEDSTADEN)
        ended = practice.published(contract.RELATIONSHIP_ENDED)[0]
        assert (ended["trainee_id"], ended["person_id"], ended["reason"]) == (
            "jonas", "anne", "placement_cancelled")
        assert vejleder_of(practice) == ["mette"]

    def test_the_vejleder_relationship_ends_when_the_clock_passes_the_placements_end(
            self, practice):
        appoint(practice, all_trainees=True, trainee_ids=[])
        practice.shift_clock(timedelta(days=7))
        practice.sweep()
        ended = practice.published(contract.RELATIONSHIP_ENDED, 2)
        assert sorted((e["trainee_id"], e["reason"]) for e in ended) == [
            ("jonas", "placement_ended"), ("mette", "placement_ended")]
        assert vejleder_of(practice) == []
        practice.sweep()  # nothing more to end
        assert len([e for e in practice.events()
                    if e["type"] == contract.RELATIONSHIP_ENDED]) == 2

    def test_a_placement_moved_to_end_in_the_past_ends_it_at_once(self, practice):
        appoint(practice)
        practice.change_placement(practice.placements["mette"], "mette", PRACTICE, HOVEDSTADEN,
                                  TODAY - timedelta(days=60), TODAY - timedelta(days=1))
        ended = practice.published(contract.RELATIONSHIP_ENDED)[0]
        assert (ended["trainee_id"], ended["reason"]) == ("mette", "placement_ended")
        assert vejleder_of(practice) == ["jonas"]

    def test_a_trainee_still_placed_keeps_the_vejleder_through_the_sweep(self, practice):
        appoint(practice)
        practice.sweep()
        assert vejleder_of(practice) == ["jonas", "mette"]
        assert not [e for e in practice.events() if e["type"] == contract.RELATIONSHIP_ENDED]


class TestAPlaceAnswersToItsAgreementHolder:
    def test_a_placement_naming_a_clinic_is_gated_by_the_municipalitys_agreement(self, world):
        world.placed("kari", place=LEGEVAKT, holder=LEGEVAKT)
        assert world.invite("kari").status_code == 201
        world.terminate(BERGEN)
        refused = world.invite("kari", role="leader")
        assert (refused.status_code, refused.json()["code"]) == (403, "dpa_not_active")

    def test_an_invitation_at_a_clinic_is_not_resent_once_the_holders_agreement_ends(
            self, world):
        world.placed("kari", place=LEGEVAKT, holder=BERGEN)
        invited = world.invite("kari").json()
        world.terminate(BERGEN)
        refused = world.api("POST", f"/invitations/{invited['id']}/resend", as_="kari")
        assert (refused.status_code, refused.json()["code"]) == (403, "dpa_not_active")

    def test_an_appointment_cannot_be_changed_once_the_regions_agreement_ends(self, practice):
        made = appoint(practice)
        practice.terminate(HOVEDSTADEN)
        refused = practice.api("PUT", f"/appointments/{made['id']}", as_="soren",
                               memberships=TUTOR, json={"all_trainees": True})
        assert (refused.status_code, refused.json()["code"]) == (403, "dpa_not_active")
        ended = practice.api("POST", f"/appointments/{made['id']}/end", as_="soren",
                             memberships=TUTOR)
        assert ended.status_code == 200, "ending stays possible"

    def test_the_gate_of_a_practice_is_its_regions(self, world, tokens):
        answer = world.api("GET", f"/organisations/{PRACTICE}/agreement",
                           headers=tokens.headers(roles=["operator"]))
        assert answer.status_code == 200, answer.text
        assert (answer.json()["organisation_id"], answer.json()["in_force"]) == (
            HOVEDSTADEN, True)


class TestNamesForThePages:
    def test_my_trainees_and_who_may_act_carry_the_names_from_the_profiles(self, practice):
        practice.person("mette", "Mette", "Jensen", country="DK")
        appoint(practice)
        mine = practice.api("GET", "/me/trainees", as_="anne").json()
        assert {(m["trainee_name"], m["person_name"]) for m in mine} == {
            ("Mette Jensen", "Anne Larsen"), (None, "Anne Larsen")}

    def test_a_tutor_reads_the_names_of_their_practices(self, practice):
        found = practice.api("GET", "/me/practices", as_="soren", memberships=(
            (PRACTICE, "tutor"), ("practice-b", "tutor"))).json()
        assert [(p["name"], p["agreement_holder_id"]) for p in found] == [
            ("Lægehuset Amager", HOVEDSTADEN), ("Lægehuset Nørrebro", HOVEDSTADEN)]

    def test_the_team_names_its_people(self, world):
        world.person("kari", "Kari", "Nordmann")
        world.person("lars", "Lars", "Johansen")
        world.placed("kari")
        invited = world.invite("kari").json()
        world.accepted(invited, "lars")
        world.published(contract.RELATIONSHIP_GRANTED)
        team = world.api("GET", "/me/team", as_="kari").json()
        assert team["names"] == {"lars": "Lars Johansen"}
