"""Sign-off of a Norwegian LIS1 doctor through the running service on PostgreSQL:
activities confirmed by a supervisor, recommendations by the advisor and a supervisor,
the leader's approval (and a delegate's), the assurance Norway demands, completed service,
the completed programme with its credential that verifies offline and fails when changed."""
import json
from datetime import timedelta

import pytest
import requests
from programme_world import BERGEN, KARI, LEGEVAKT, TODAY, event, now
from signoff_world import act, attestation_path, group_items, item_path, relate, submit

from competencies import verify
from competencies.adapters.credentials import CredentialInvalid
from competencies.adapters.credentials import verify as verify_token
from portal_contracts import identity
from portal_contracts import signoff as contract
from portal_kit.testing import wait_for

OLA, INGRID, LARS, SIRI, SVEN = "ola", "ingrid", "lars", "siri", "sven"
START = TODAY - timedelta(days=400)


def lis1_doctor(world, placements=(("kommune", TODAY - timedelta(days=30),
                                    TODAY + timedelta(days=150)),)):
    world.publish("identity.events", event(identity.PERSON_REGISTERED, {
        "person_id": KARI, "given_name": "Kari", "family_name": "Nordmann",
        "email": "kari@example.org", "mobile": None, "language": "nb", "country": "NO",
        "hpr_number": "9144889", "authorisation_id": None, "registered_at": now()}))
    enrolment = world.enrol(KARI, "lis1", BERGEN, starts=START).json()
    placed = [world.place(enrolment, element, starts, ends, place=LEGEVAKT).json()
              for element, starts, ends in placements]
    for person, role in ((OLA, "leader"), (INGRID, "advisor"), (LARS, "supervisor")):
        relate(world, KARI, person, role, BERGEN, LEGEVAKT, START)
    wait_for(lambda: world.rows("SELECT 1 FROM trainee_identifiers WHERE hpr_number = :h",
                                h="9144889"))
    return enrolment, placed


def recommend(world, enrolment, person, code):
    answer = act(world, person, "POST", item_path(enrolment, code, "recommend"), json={})
    assert answer.status_code == 200, answer.text
    return answer.json()


class TestALearningObjective:
    def test_activities_are_logged_by_the_doctor_and_confirmed_by_a_supervisor(self, pg_world):
        enrolment, _ = lis1_doctor(pg_world)
        logged = act(pg_world, KARI, "POST", item_path(enrolment, "KLK-001", "activities"),
                     json={"title": "Legevaktsvakt", "performed_on": TODAY.isoformat()})
        assert logged.status_code == 201, logged.text
        [activity] = logged.json()["activities"]
        path = item_path(enrolment, "KLK-001", f"activities/{activity['activity_id']}/confirm")
        by_advisor = act(pg_world, INGRID, "POST", path)
        assert (by_advisor.status_code, by_advisor.json()["code"]) == (403, "role_not_permitted")
        confirmed = act(pg_world, LARS, "POST", path)
        assert confirmed.json()["activities"][0]["confirmed_by"] == LARS
        assert pg_world.published(contract.ACTIVITY_CONFIRMED)[0]["role"] == "supervisor"

    def test_the_leader_approves_after_the_advisor_and_a_supervisor_recommended(self, pg_world):
        enrolment, _ = lis1_doctor(pg_world)
        assert submit(pg_world, enrolment, KARI, "KLK-001")["approver_id"] == OLA
        recommend(pg_world, enrolment, INGRID, "KLK-001")
        path = item_path(enrolment, "KLK-001", "approve")
        early = act(pg_world, OLA, "POST", path, json={"version": 2})
        assert (early.status_code, early.json()["code"]) == (409, "recommendations_missing")
        recommend(pg_world, enrolment, LARS, "KLK-001")
        answer = act(pg_world, OLA, "POST", path, json={"version": 3})
        assert (answer.status_code, answer.json()["decided_role"]) == (200, "leader")

    def test_a_login_below_high_assurance_may_not_sign_in_norway(self, pg_world):
        enrolment, _ = lis1_doctor(pg_world)
        submit(pg_world, enrolment, KARI, "KLK-001")
        for person in (INGRID, LARS):
            recommend(pg_world, enrolment, person, "KLK-001")
        answer = act(pg_world, OLA, "POST", item_path(enrolment, "KLK-001", "approve"),
                     assurance="substantial", json={"version": 3})
        assert (answer.status_code, answer.json()["code"]) == (403, "assurance_too_low")

    def test_a_supervisor_may_not_approve(self, pg_world):
        enrolment, _ = lis1_doctor(pg_world)
        submit(pg_world, enrolment, KARI, "KLK-001")
        answer = act(pg_world, LARS, "POST", item_path(enrolment, "KLK-001", "approve"),
                     json={"version": 1})
        assert (answer.status_code, answer.json()["code"]) == (403, "role_not_permitted")


class TestDelegation:
    def test_the_leaders_delegate_approves_on_the_leaders_behalf_inside_the_period(
            self, pg_world):
        enrolment, _ = lis1_doctor(pg_world)
        granted = act(pg_world, OLA, "POST", "/delegations", json={
            "delegate_id": SIRI, "organisation_id": BERGEN, "valid_from": TODAY.isoformat(),
            "valid_to": (TODAY + timedelta(days=10)).isoformat()})
        assert granted.status_code == 201, granted.text
        assert pg_world.published(contract.DELEGATION_GRANTED)[0]["delegate_id"] == SIRI
        submit(pg_world, enrolment, KARI, "KLK-001")
        for person in (INGRID, LARS):
            recommend(pg_world, enrolment, person, "KLK-001")
        answer = act(pg_world, SIRI, "POST", item_path(enrolment, "KLK-001", "approve"),
                     json={"version": 3})
        assert (answer.json()["decided_role"], answer.json()["on_behalf_of"]) == (
            "delegate", OLA)
        ended = act(pg_world, OLA, "POST",
                    f"/delegations/{granted.json()['delegation_id']}/end")
        assert ended.json()["ended_at"] is not None

    def test_the_delegates_queue_holds_the_items_addressed_to_the_leader(self, pg_world):
        enrolment, _ = lis1_doctor(pg_world)
        act(pg_world, OLA, "POST", "/delegations", json={
            "delegate_id": SIRI, "organisation_id": BERGEN, "valid_from": TODAY.isoformat(),
            "valid_to": (TODAY + timedelta(days=10)).isoformat()})
        submit(pg_world, enrolment, KARI, "KLK-001")
        [entry] = act(pg_world, SIRI, "GET", "/me/queue").json()
        assert (entry["trainee_id"], [i["code"] for i in entry["items"]]) == (
            KARI, ["KLK-001"])
        assert act(pg_world, LARS, "GET", "/me/queue").json() == []

    def test_a_leader_of_another_municipality_neither_approves_nor_reads(self, pg_world):
        enrolment, _ = lis1_doctor(pg_world)
        relate(pg_world, KARI, SVEN, "leader", "oslo", "oslo-legevakt", START)
        assert submit(pg_world, enrolment, KARI, "KLK-001")["approver_id"] == OLA
        recommend(pg_world, enrolment, INGRID, "KLK-001")
        recommend(pg_world, enrolment, LARS, "KLK-001")
        refused = act(pg_world, SVEN, "POST", item_path(enrolment, "KLK-001", "approve"),
                      json={"version": 3})
        assert (refused.status_code, refused.json()["code"]) == (403, "not_assigned")
        read = act(pg_world, SVEN, "GET", f"/enrolments/{enrolment['enrolment_id']}/progress")
        assert read.status_code == 403
        approved = act(pg_world, OLA, "POST", item_path(enrolment, "KLK-001", "approve"),
                       json={"version": 3})
        assert (approved.status_code, approved.json()["decided_by"]) == (200, OLA)

    def test_only_a_leader_delegates(self, pg_world):
        lis1_doctor(pg_world)
        answer = act(pg_world, LARS, "POST", "/delegations", json={
            "delegate_id": SIRI, "organisation_id": BERGEN, "valid_from": TODAY.isoformat(),
            "valid_to": TODAY.isoformat()})
        assert (answer.status_code, answer.json()["code"]) == (403, "not_assigned")


PLACEMENTS = (("sykehus-indremedisin", START, START + timedelta(days=180)),
              ("sykehus-kirurgi", START + timedelta(days=181), TODAY - timedelta(days=40)),
              ("kommune", TODAY - timedelta(days=39), TODAY + timedelta(days=140)))


@pytest.fixture
def completed(pg_world, tmp_path):
    """A LIS1 doctor whose every objective and both confirmations of service are given."""
    enrolment, placed = lis1_doctor(pg_world, PLACEMENTS)
    codes = [c for g in ("KLS", "FKM-S", "KLK", "FKM-K")
             for c in group_items(pg_world, enrolment, KARI, g)]
    for code in codes:
        submit(pg_world, enrolment, KARI, code)
        recommend(pg_world, enrolment, INGRID, code)
        recommend(pg_world, enrolment, LARS, code)
    approved = act(pg_world, OLA, "POST", f"/enrolments/{enrolment['enrolment_id']}/approvals",
                   json={"items": [{"code": c, "version": 3} for c in codes]})
    assert approved.status_code == 200, approved.text
    hospital = act(pg_world, OLA, "POST", attestation_path(
        enrolment, "gjennomfort-tjeneste-sykehus"), json={"placement_id": placed[1][
            "placement_id"]})
    assert hospital.status_code == 200, hospital.text
    pg_world.shift_clock(timedelta(days=120))
    for placement, code in ((placed[0], "gjennomfort-tjeneste-sykehus"),
                            (placed[2], "gjennomfort-tjeneste-kommune")):
        answer = act(pg_world, OLA, "POST", attestation_path(enrolment, code),
                     json={"placement_id": placement["placement_id"]})
        assert answer.status_code == 200, answer.text
    return pg_world, enrolment, codes


class TestCompletion:
    def test_the_programme_completes_with_the_full_record_for_the_authority(self, completed):
        world, enrolment, codes = completed
        [record] = world.published(contract.PROGRAMME_COMPLETED)
        assert record["trainee"] == {"hpr_number": "9144889", "authorisation_id": None,
                                     "name": "Kari Nordmann"}
        assert len(record["sign_offs"]) == len(codes) + 3
        assert "national" not in json.dumps(record)

    def test_the_credential_verifies_offline_and_fails_with_one_byte_changed(
            self, completed, tmp_path):
        world, enrolment, _ = completed
        completion = act(world, KARI, "GET",
                         f"/enrolments/{enrolment['enrolment_id']}/completion").json()
        jwks = requests.get(f"{world.url}/api/competencies/credentials/jwks.json",
                            timeout=10).json()
        document = verify_token(completion["credential"], jwks)
        assert document["credentialSubject"]["hprNumber"] == "9144889"
        (tmp_path / "jwks.json").write_text(json.dumps(jwks))
        (tmp_path / "good.jwt").write_text(completion["credential"])
        assert verify.main([str(tmp_path / "good.jwt"), "--jwks", str(tmp_path / "jwks.json")]
                           ) == 0
        token = completion["credential"]
        middle = len(token) // 2
        changed = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1:]
        with pytest.raises(CredentialInvalid):
            verify_token(changed, jwks)
        (tmp_path / "bad.jwt").write_text(changed)
        assert verify.main([str(tmp_path / "bad.jwt"), "--jwks", str(tmp_path / "jwks.json")]
                           ) == 1

    def test_the_qr_codes_check_confirms_the_digest(self, completed):
        world, enrolment, _ = completed
        completion = act(world, KARI, "GET",
                         f"/enrolments/{enrolment['enrolment_id']}/completion").json()
        uuid = completion["credential_id"].removeprefix("urn:uuid:")
        good = act(world, "anyone", "GET", f"/credentials/{uuid}",
                   params={"digest": completion["digest"]}).json()
        bad = act(world, "anyone", "GET", f"/credentials/{uuid}",
                  params={"digest": "sha256-x"}).json()
        assert (good["digest_matches"], bad["digest_matches"]) == (True, False)

    def test_the_pdf_carries_the_record_and_the_verification_url(self, completed):
        import io

        import pypdf
        world, enrolment, _ = completed
        answer = act(world, KARI, "GET",
                     f"/enrolments/{enrolment['enrolment_id']}/completion/pdf")
        assert answer.headers["Content-Type"] == "application/pdf"
        text = pypdf.PdfReader(io.BytesIO(answer.content)).pages[0].extract_text()
        assert "Kari Nordmann (HPR 9144889)" in text
        assert "/api/competencies/v1/credentials/" in text


class TestMovingToANewerCurriculumVersion:
    def test_stricter_objectives_need_approval_again_and_the_others_keep_theirs(self, pg_world):
        world = pg_world
        world.publish("identity.events", event(identity.PERSON_REGISTERED, {
            "person_id": KARI, "given_name": "Kari", "family_name": "Nordmann",
            "email": "kari@example.org", "mobile": None, "language": "nb", "country": "NO",
            "hpr_number": "9144889", "authorisation_id": None, "registered_at": now()}))
        enrolment = world.enrol(KARI, "lis1", BERGEN, starts=START,
                                curriculum_version="2020-03").json()
        world.place(enrolment, "kommune", TODAY - timedelta(days=30),
                    TODAY + timedelta(days=150), place=LEGEVAKT)
        for person, role in ((OLA, "leader"), (INGRID, "advisor"), (LARS, "supervisor")):
            relate(world, KARI, person, role, BERGEN, LEGEVAKT, START)
        codes = ["KLK-001", "LM-20", "LM-21"]
        act(world, KARI, "POST", item_path(enrolment, "LM-20", "activities"),
            json={"title": "Kommunikasjonskurs"})
        for code in codes:
            submit(world, enrolment, KARI, code)
            recommend(world, enrolment, INGRID, code)
            recommend(world, enrolment, LARS, code)
        approved = act(world, OLA, "POST", f"/enrolments/{enrolment['enrolment_id']}/approvals",
                       json={"items": [{"code": c, "version": 4 if c == "LM-20" else 3}
                                       for c in codes]})
        assert approved.status_code == 200, approved.text
        unknown = act(world, "per", "POST",
                      f"/enrolments/{enrolment['enrolment_id']}/curriculum-version",
                      memberships=((BERGEN, "municipality_admin"),),
                      json={"curriculum_version": "1999-01"})
        assert (unknown.status_code, unknown.json()["code"]) == (422, "curriculum_version_unknown")
        moved = act(world, "per", "POST",
                    f"/enrolments/{enrolment['enrolment_id']}/curriculum-version",
                    memberships=((BERGEN, "municipality_admin"),),
                    json={"curriculum_version": "2025-09"})
        assert moved.status_code == 200, moved.text
        shown = act(world, KARI, "GET", f"/enrolments/{enrolment['enrolment_id']}/progress"
                    ).json()
        items = {i["code"]: i for g in shown["groups"] for i in g["items"]}
        assert shown["curriculum_version"] == "2025-09"
        assert items["KLK-001"]["state"] == "approved"  # not made stricter: approval kept
        assert items["FKMK-03"]["state"] == "not_started"  # stricter: approve again
        assert [a["title"] for a in items["FKMK-03"]["activities"]] == ["Kommunikasjonskurs"]
        old = world.rows("SELECT state FROM sign_offs WHERE curriculum_version = '2020-03' "
                         "AND code = 'KLK-001'")
        assert old == [("approved",)]


def test_the_queue_and_the_progress_answer_what_their_schemas_would_dump(pg_world):
    """Both are answered without marshmallow (schemas/plain.py): the same JSON values, with
    an activity confirmed and a recommendation given, as the schemas' own dump."""
    from competencies.bootstrap import bootstrap
    from competencies.entrypoints.signoff import DUMP_PROGRESS, DUMP_QUEUE, PROGRESS, QUEUE
    from competencies.service_layer import signoff_views
    from portal_kit.principal import Principal
    enrolment, _ = lis1_doctor(pg_world)
    logged = act(pg_world, KARI, "POST", item_path(enrolment, "KLK-001", "activities"),
                 json={"title": "Legevaktsvakt", "performed_on": TODAY.isoformat()}).json()
    act(pg_world, LARS, "POST", item_path(
        enrolment, "KLK-001", f"activities/{logged['activities'][0]['activity_id']}/confirm"))
    submit(pg_world, enrolment, KARI, "KLK-001")
    submit(pg_world, enrolment, KARI, "KLK-002")
    recommend(pg_world, enrolment, INGRID, "KLK-001")
    app = bootstrap(dict(pg_world.config))
    try:
        queue = app.bus.query(signoff_views.queue, by=Principal(OLA, assurance="high"),
                              clock=app.clock, permissions=app.extras["permissions"])
        shown = app.bus.query(signoff_views.progress, by=Principal(KARI, assurance="high"),
                              clock=app.clock, permissions=app.extras["permissions"],
                              enrolment_id=enrolment["enrolment_id"])
    finally:
        app.engine.dispose()
    [entry] = DUMP_QUEUE(queue)
    assert [(i["code"], len(i["activities"]), len(i["recommendations"]))
            for i in entry["items"]] == [("KLK-001", 1, 1), ("KLK-002", 0, 0)]
    assert DUMP_QUEUE(queue) == QUEUE.dump(queue)
    assert DUMP_PROGRESS(shown) == PROGRESS.dump(shown)
    assert json.loads(json.dumps(DUMP_PROGRESS(shown))) == DUMP_PROGRESS(shown)
