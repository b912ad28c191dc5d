"""Moving a LIS1 doctor to the next curriculum version through the running service, on
PostgreSQL and SQLite: the move is an event (from and to version, the items that need
approval again, those whose approval carried over) written with the change, and an entry
in the trainee's history; a refused move publishes nothing and changes nothing."""
from datetime import timedelta

import pytest
from programme_world import BERGEN, KARI, LEGEVAKT, TODAY
from signoff_world import act, item_path, relate, submit

from portal_contracts import competencies as contract

OLA, INGRID, LARS = "ola", "ingrid", "lars"
START = TODAY - timedelta(days=400)
ADMIN = ((BERGEN, "municipality_admin"),)


@pytest.fixture
def approved_on_2020(world):
    """Kari on LIS1 2020-03 with KLK-001 (not made stricter in 2025-09) and LM-20, LM-21
    (made stricter: FKMK-03) approved by her leader."""
    enrolment = world.enrol(KARI, "lis1", BERGEN, starts=START,
                            curriculum_version="2020-03").json()
    world.place(enrolment, "kommune", TODAY - timedelta(days=30), TODAY + timedelta(days=150),
                place=LEGEVAKT)
    for person, role in ((OLA, "leader"), (INGRID, "advisor"), (LARS, "supervisor")):
        relate(world, KARI, person, role, BERGEN, LEGEVAKT, START)
    codes = ["KLK-001", "LM-20", "LM-21"]
    for code in codes:
        submit(world, enrolment, KARI, code)
        for person in (INGRID, LARS):
            answer = act(world, person, "POST", item_path(enrolment, code, "recommend"), json={})
            assert answer.status_code == 200, answer.text
    approved = act(world, OLA, "POST", f"/enrolments/{enrolment['enrolment_id']}/approvals",
                   json={"items": [{"code": c, "version": 3} for c in codes]})
    assert approved.status_code == 200, approved.text
    return world, enrolment


def move(world, enrolment, version, person="per", memberships=ADMIN):
    return act(world, person, "POST",
               f"/enrolments/{enrolment['enrolment_id']}/curriculum-version",
               memberships=memberships, json={"curriculum_version": version})


def test_the_move_is_published_with_the_items_that_need_approval_again(approved_on_2020):
    world, enrolment = approved_on_2020
    answer = move(world, enrolment, "2025-09")
    assert answer.status_code == 200, answer.text
    [changed] = world.published(contract.ENROLMENT_CURRICULUM_VERSION_CHANGED)
    assert (changed["enrolment_id"], changed["from_version"], changed["to_version"]) == (
        enrolment["enrolment_id"], "2020-03", "2025-09")
    assert (changed["needs_approval_again"], changed["approvals_kept"]) == (
        ["FKMK-03"], ["KLK-001"])
    assert changed["changed_by"] == "per"


def test_the_move_is_in_the_trainees_history(approved_on_2020):
    world, enrolment = approved_on_2020
    move(world, enrolment, "2025-09")
    history = act(world, KARI, "GET", f"/enrolments/{enrolment['enrolment_id']}/history").json()
    [entry] = [h for h in history if h["action"] == "enrolment.curriculum_version_changed"]
    assert (entry["actor"], entry["from_state"], entry["to_state"]) == ("per", "2020-03",
                                                                        "2025-09")
    assert entry["detail"]["needs_approval_again"] == ["FKMK-03"]


def test_a_refused_move_publishes_nothing_and_keeps_the_version(approved_on_2020):
    world, enrolment = approved_on_2020
    unknown = move(world, enrolment, "1999-01")
    # 422, not 404: the enrolment exists (make fuzz's stateful phase, ST302)
    assert (unknown.status_code, unknown.json()["code"]) == (422, "curriculum_version_unknown")
    stranger = move(world, enrolment, "2025-09", person="someone", memberships=())
    assert (stranger.status_code, stranger.json()["code"]) == (403, "not_holder_administrator")
    assert world.rows("SELECT curriculum_version FROM enrolments") == [("2020-03",)]
    assert world.rows("SELECT count(*) FROM outbox WHERE routing_key = :t",
                      t=contract.ENROLMENT_CURRICULUM_VERSION_CHANGED) == [(0,)]
