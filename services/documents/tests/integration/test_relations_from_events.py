"""Documents' access rules on real data: competencies' programme events and invitations'
relationship events, published on the broker, feed the relations projection."""
import json
import logging
from datetime import UTC, datetime, timedelta

import document_samples as samples
import requests
from documents_world import ADMIN, REGION, TRAINEE, TUTOR, VEJLEDER
from nameko.testing.services import entrypoint_waiter
from programme_events import TODAY, Programme, deliver, relationship

from portal_contracts import identity, invitations
from portal_kit import events as ce
from portal_kit.testing_infra import publish_event

PRACTICE, OTHER_PRACTICE = "practice-nord", "practice-syd"
TRUST = "5a1d2c3e-0000-4000-8000-0000000000aa"
LEADER, NEW_TUTOR = "p-leder", "p-tove"


def kbu_trainee(world, tutor=TUTOR):
    """Enrolled, placed in a practice and given a personal tutor, all by competencies."""
    world.agreement()
    programme = Programme(world, TRAINEE, REGION)
    programme.enrol()
    placement = programme.place(PRACTICE)
    if tutor:
        programme.tutor(placement, PRACTICE, tutor)
    return programme, placement


def awaiting(world, person):
    response = world.get("/me/awaiting-confirmation", world.as_(person))
    assert response.status_code == 200, response.text
    return [d["id"] for d in response.json()]


class TestEnrolments:
    def test_a_person_is_not_a_trainee_until_competencies_enrols_them(self, world):
        world.agreement()
        assert world.upload(samples.pdf()).json()["code"] == "not_a_trainee"
        Programme(world, TRAINEE, REGION).enrol()
        assert world.upload(samples.pdf()).status_code == 201

    def test_a_cancelled_enrolment_takes_no_more_uploads(self, world):
        programme, _ = kbu_trainee(world)
        programme.cancel()
        assert world.upload(samples.pdf()).json()["code"] == "not_a_trainee"

    def test_uploads_wait_for_the_enrolment_holders_agreement(self, world):
        Programme(world, TRAINEE, REGION).enrol()
        assert world.upload(samples.pdf()).json()["code"] == "dpa_not_active"

    def test_a_trainee_moved_to_a_newer_curriculum_version_is_shown_that_versions_library(
            self, world):
        world.agreement()
        programme = Programme(world, TRAINEE, REGION)
        programme.enrol()
        programme.move_version("2026")
        [mine] = world.get("/me/programmes", world.as_(TRAINEE)).json()
        assert (mine["curriculum"], mine["curriculum_version"]) == ("kbu", "2026")

    def test_the_same_enrolment_event_delivered_twice_is_applied_once(self, world, caplog):
        caplog.set_level(logging.INFO, logger="portal_kit.inbox")
        programme = Programme(world, TRAINEE, REGION)
        programme.enrol()
        deliver(world, programme.enrolled["type"], sent=programme.enrolled)
        assert f"skipped duplicate event {programme.enrolled['id']}" in caplog.text
        assert world.count("trainee_enrolments") == 1


class TestPersonalTutor:
    def test_the_placements_tutor_is_named_as_confirmer_and_confirms(self, world):
        kbu_trainee(world)
        document = world.uploaded(samples.scanned_pdf())
        assert awaiting(world, TUTOR) == [document["id"]]
        [(body,)] = world.sql("select body from outbox where routing_key like "
                              "'%document.uploaded%'")
        assert json.loads(body)["data"]["confirmers"] == [TUTOR]
        assert world.post(f"/documents/{document['id']}/confirm", TUTOR).status_code == 200

    def test_without_an_assigned_tutor_nobody_confirms(self, world):
        kbu_trainee(world, tutor=None)
        document = world.uploaded(samples.pdf())
        response = world.post(f"/documents/{document['id']}/confirm", TUTOR)
        assert response.status_code == 404

    def test_a_new_tutor_replaces_the_previous_one(self, world):
        programme, placement = kbu_trainee(world)
        programme.tutor(placement, PRACTICE, NEW_TUTOR, previous=TUTOR)
        document = world.uploaded(samples.pdf())
        assert awaiting(world, TUTOR) == [] and awaiting(world, NEW_TUTOR) == [document["id"]]

    def test_a_late_older_assignment_does_not_bring_the_previous_tutor_back(self, world):
        programme, placement = kbu_trainee(world, tutor=None)
        first = programme.tutor(placement, PRACTICE, TUTOR)
        programme.tutor(placement, PRACTICE, NEW_TUTOR, previous=TUTOR)
        again = dict(first, id="a-redelivered-copy-with-a-new-id")
        deliver(world, again["type"], sent=again)
        world.uploaded(samples.pdf())
        assert awaiting(world, TUTOR) == [] and len(awaiting(world, NEW_TUTOR)) == 1

    def test_a_cancelled_placement_ends_its_tutors_right(self, world):
        programme, placement = kbu_trainee(world)
        document = world.uploaded(samples.pdf())
        programme.cancel_placement(placement, PRACTICE)
        assert world.post(f"/documents/{document['id']}/confirm", TUTOR).status_code == 404

    def test_the_tutors_window_follows_the_placements_changed_dates(self, world):
        programme, placement = kbu_trainee(world)
        document = world.uploaded(samples.pdf())
        programme.change(placement, PRACTICE, TODAY - timedelta(days=200),
                         TODAY - timedelta(days=20))
        assert world.post(f"/documents/{document['id']}/confirm", TUTOR).status_code == 404

    def test_a_placement_heard_of_first_by_its_cancellation_is_not_revived(self, world):
        world.agreement()
        programme = Programme(world, TRAINEE, TRUST)
        programme.enrol()
        placement = "11111111-2222-4333-8444-555555555555"
        programme.cancel_placement(placement, PRACTICE)
        programme.place(PRACTICE, placement_id=placement)
        assert world.sql("select cancelled from trainee_placements") == [(True,)]


class TestPlacesAndHolders:
    def test_an_administrator_of_the_placements_holder_sees_the_documents(self, world):
        world.agreement()
        programme = Programme(world, TRAINEE, REGION)
        programme.enrol()
        programme.place("hospital-ward-7", holder=TRUST)
        world.uploaded(samples.pdf())
        trust_admin = world.as_(ADMIN, (TRUST, "health_trust_admin"))
        assert len(world.get(f"/trainees/{TRAINEE}/documents", trust_admin).json()) == 1
        elsewhere = world.as_(ADMIN, ("someone-else", "health_trust_admin"))
        assert world.get(f"/trainees/{TRAINEE}/documents", elsewhere).status_code == 403

    def test_a_reopened_record_is_seen_by_the_tutors_of_that_practice(self, world):
        programme, _ = kbu_trainee(world)
        document = world.uploaded(samples.pdf())
        there = world.as_("p-lise", (OTHER_PRACTICE, "tutor"))
        assert world.get(f"/documents/{document['id']}", there).status_code == 404
        programme.reopen(OTHER_PRACTICE)
        assert world.get(f"/documents/{document['id']}", there).status_code == 200
        assert world.get(f"/documents/{document['id']}",
                         world.as_("p-lise", (PRACTICE, "region_admin"))).status_code == 404


class TestAFormerTutor:
    def test_the_practices_tutor_reads_for_a_year_after_the_placement_but_never_confirms(
            self, world):
        programme, placement = kbu_trainee(world)
        document = world.uploaded(samples.pdf())
        programme.change(placement, PRACTICE, TODAY - timedelta(days=300),
                         TODAY - timedelta(days=200))
        former = world.as_(TUTOR, (PRACTICE, "tutor"))
        assert world.get(f"/documents/{document['id']}", former).status_code == 200
        assert world.get(f"/documents/{document['id']}/content", former).status_code == 200
        refused = requests.post(f"{world.api}/documents/{document['id']}/confirm",
                                headers=former, timeout=30)
        assert (refused.status_code, refused.json()["code"]) == (403,
                                                                 "not_entitled_to_confirm")
        programme.change(placement, PRACTICE, TODAY - timedelta(days=600),
                         TODAY - timedelta(days=370))
        assert world.get(f"/documents/{document['id']}", former).status_code == 404


class TestRelationships:
    def test_a_leader_confirms_until_the_relationship_ends(self, world):
        world.agreement()
        Programme(world, TRAINEE, REGION, curriculum="lis1", country="NO").enrol()
        granted = relationship(invitations.RELATIONSHIP_GRANTED, "rel-1", TRAINEE, LEADER,
                               "leader", REGION, version=1)
        deliver(world, granted["type"], sent=granted)
        first = world.uploaded(samples.pdf())
        assert awaiting(world, LEADER) == [first["id"]]
        ended = relationship(invitations.RELATIONSHIP_ENDED, "rel-1", TRAINEE, LEADER,
                             "leader", REGION, version=2)
        deliver(world, ended["type"], sent=ended)
        assert awaiting(world, LEADER) == []

    def test_a_late_granted_event_does_not_undo_the_end(self, world):
        world.agreement()
        Programme(world, TRAINEE, REGION, curriculum="lis1", country="NO").enrol()
        for kind, version in ((invitations.RELATIONSHIP_ENDED, 2),
                              (invitations.RELATIONSHIP_GRANTED, 1)):
            sent = relationship(kind, "rel-2", TRAINEE, LEADER, "leader", REGION, version)
            deliver(world, kind, sent=sent)
        world.uploaded(samples.pdf())
        assert awaiting(world, LEADER) == []
        assert world.sql("select version, ended from approver_grants") == [(2, True)]

    def test_a_changed_window_applies_and_a_vejleder_sees_without_confirming(self, world):
        kbu_trainee(world)
        document = world.uploaded(samples.pdf())
        for kind, version, valid_from in (
                (invitations.RELATIONSHIP_GRANTED, 1, TODAY + timedelta(days=5)),
                (invitations.RELATIONSHIP_CHANGED, 2, TODAY - timedelta(days=5))):
            sent = relationship(kind, "rel-3", TRAINEE, VEJLEDER, "vejleder", REGION, version,
                                valid_from=valid_from)
            deliver(world, kind, sent=sent)
        assert world.get(f"/documents/{document['id']}", world.as_(VEJLEDER)).status_code == 200
        response = world.post(f"/documents/{document['id']}/confirm", VEJLEDER)
        assert (response.status_code, response.json()["code"]) == (
            403, "not_entitled_to_confirm")



class TestMyProgrammes:
    def test_a_trainee_and_their_tutor_see_the_programme_they_share(self, world):
        programme, _ = kbu_trainee(world)
        mine = world.get("/me/programmes", world.as_(TRAINEE)).json()
        assert [(p["curriculum"], p["role"], p["enrolment_id"]) for p in mine] == [
            ("kbu", "trainee", programme.enrolment_id)]
        followed = world.get("/me/programmes", world.as_(TUTOR)).json()
        assert [(p["curriculum"], p["curriculum_version"], p["role"], p["enrolment_id"])
                for p in followed] == [("kbu", "2017", "approver", None)]
        assert world.get("/me/programmes", world.as_("p-nobody")).json() == []


class TestNames:
    def test_the_tutor_sees_whose_document_awaits_them(self, world):
        kbu_trainee(world)
        world.uploaded(samples.pdf())
        registered = identity_event(identity.PERSON_REGISTERED, TRAINEE)
        with entrypoint_waiter(world.container, "on_person_registered", timeout=10):
            publish_event(world.amqp_uri, "identity.events", registered)
        [waiting] = world.get("/me/awaiting-confirmation", world.as_(TUTOR)).json()
        assert waiting["trainee_name"] == "Mette Hansen"


def identity_event(kind, person):
    return ce.envelope(
        source="/portal/identity", type=kind, subject=f"people/{person}",
        time=datetime.now(UTC), correlation_id="t", dataschema="http://x/schema.json",
        data={"person_id": person, "given_name": "Mette", "family_name": "Hansen",
              "email": "mette@example.dk", "mobile": None, "language": "da", "country": "DK",
              "hpr_number": None, "authorisation_id": "ABC12", "registered_at":
              datetime.now(UTC).isoformat()})


class TestTheGateOfAPlace:
    def test_a_place_of_training_answers_to_its_holders_agreement(self, world):
        programme, _ = kbu_trainee(world)
        response = world.get(f"/organisations/{PRACTICE}/agreement", world.operator())
        assert response.status_code == 200, response.text
        assert (response.json()["organisation_id"], response.json()["may_accept_uploads"]) == (
            REGION, True)
        unknown = world.get("/organisations/nowhere/agreement", world.operator())
        assert unknown.json()["code"] == "organisation_unknown"
