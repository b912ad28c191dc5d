"""The time attestation in the browser against the whole running portal, after a KBU
placement has ended: Mette marks the time attestation of her second placement (kbu-2 at
Lægehuset Nørrebro) ready for approval (klarmelding) to its personal tutor; Søren finds it in
his queue a month after the placement ended (a former trainee's tutor gives that placement's
time attestation for a year), returns it with a comment, and gives it from his queue when she
marks it again. Every page is checked with axe. It moves the portal's clock (and puts it back)
and cancels the placement it recorded afterwards."""
import re
from datetime import date, timedelta

import pytest
import requests
from playwright.sync_api import expect

from browsing import assert_accessible, enter, in_english, person_named, region_in_force
from portal_kit.clock import CLOCK_FILE_NAME, write_offset

AFTER_FIRST_STEPS = True  # after the other KBU stories, which give the first placement's
IDENTITY, COMPETENCIES = "/api/identity/v1", "/api/competencies/v1"
TODAY = date.today()
TID = "Attestation for tidsmæssigt gennemført ansættelse, 2. ansættelse"
PRACTICE = "Lægehuset Nørrebro"


def menu(page):
    return page.get_by_role("navigation", name=re.compile("Main menu|Hovedmeny|Hovedmenu"))


def second_placement(portal, holder_id, trainee_id):
    """Mette's KBU enrolment (the stories before made it, else made here as the region's
    administrators do) and a kbu-2 placement at the practice after every other placement,
    with Søren as its personal tutor."""
    base, operator = f"{portal.url}{COMPETENCIES}", portal.operator()
    found = requests.get(f"{base}/trainees/{trainee_id}/programme", headers=operator,
                         timeout=10)
    enrolments = [e for e in (found.json()["enrolments"] if found.status_code == 200 else [])
                  if e["curriculum"] == "kbu" and e["state"] != "cancelled"]
    enrolment = enrolments[0] if enrolments else requests.post(
        f"{base}/enrolments", headers=operator, timeout=10, json={
            "trainee_id": trainee_id, "curriculum": "kbu", "agreement_holder_id": holder_id,
            "starts_on": (TODAY - timedelta(days=30)).isoformat()}).json()
    taken = [date.fromisoformat(p["ends_on"]) for p in enrolment.get("placements", [])
             if p["state"] != "cancelled"]
    starts = max([TODAY + timedelta(days=1), *(day + timedelta(days=1) for day in taken)])
    places = requests.get(f"{portal.url}{IDENTITY}/organisations", headers=operator,
                          params={"holder_id": holder_id}, timeout=10).json()
    place_id = next(p["id"] for p in places if p["name"] == PRACTICE)
    made = requests.post(f"{base}/enrolments/{enrolment['enrolment_id']}/placements",
                         headers=operator, timeout=10, json={
                             "place_id": place_id, "element": "kbu-2",
                             "starts_on": starts.isoformat(),
                             "ends_on": (starts + timedelta(days=180)).isoformat()})
    assert made.status_code == 201, made.text
    placement = made.json()
    if placement["tutor_id"] is None:  # the practice has more tutors by now: choose Søren
        soren = person_named(portal, holder_id, "Søren", "Nielsen")
        requests.post(f"{base}/placements/{placement['placement_id']}/tutor", headers=operator,
                      json={"tutor_id": soren}, timeout=10).raise_for_status()
    return enrolment["enrolment_id"], placement


def cancel(portal, placement):
    requests.post(f"{portal.url}{COMPETENCIES}/placements/{placement['placement_id']}/cancel",
                  headers=portal.operator(), json={"reason": "Recorded for a test story"},
                  timeout=10).raise_for_status()


def test_after_the_placement_the_tutor_returns_then_gives_the_marked_time_attestation(
        open_page, portal):
    if requests.get(f"{portal.url}{COMPETENCIES}/curricula", timeout=10).status_code == 404:
        pytest.skip("the competencies service's programme API is not on this branch")
    holder_id = region_in_force(portal)
    trainee = open_page()
    enter(trainee, "MitID", "Mette Jensen")
    in_english(trainee)
    tutor = open_page()
    enter(tutor, "MitID", "Søren Nielsen")
    in_english(tutor)
    enrolment_id, placement = second_placement(
        portal, holder_id, person_named(portal, holder_id, "Mette", "Jensen"))
    ends_on = date.fromisoformat(placement["ends_on"])
    clock = portal.logs.parent / CLOCK_FILE_NAME
    try:
        write_offset(clock, timedelta(days=(ends_on - TODAY).days + 30))
        trainee.goto(f"/signoff/enrolments/{enrolment_id}")
        expect(trainee.get_by_role("heading", level=1)).to_contain_text("Progress")
        trainee.get_by_role("button", name=f"Ready for approval: {TID}").click()
        expect(trainee.get_by_role("status")).to_have_text("Saved.")
        expect(trainee.get_by_role("button", name=f"Recall: {TID}")).to_be_visible()
        assert_accessible(trainee)

        menu(tutor).get_by_role("link", name="Awaiting my approval").click()
        expect(tutor.get_by_role("heading", name="Attestations awaiting you")).to_be_visible()
        expect(tutor.get_by_role("button", name=f"Give: {TID}")).to_be_visible()
        assert_accessible(tutor)
        tutor.goto(f"/signoff/enrolments/{enrolment_id}")
        attestations = tutor.get_by_role("region", name="Attestations")
        attestations.get_by_label("Comment to the trainee").fill("Angiv orlovsperioden")
        attestations.get_by_role("button", name=f"Return with the comment: {TID}").click()
        expect(tutor.get_by_role("status")).to_have_text("Saved.")
        assert_accessible(tutor)

        trainee.reload()
        expect(trainee.get_by_text("Comment: Angiv orlovsperioden")).to_be_visible()
        trainee.get_by_role("button", name=f"Ready for approval: {TID}").click()
        expect(trainee.get_by_role("status")).to_have_text("Saved.")

        menu(tutor).get_by_role("link", name="Awaiting my approval").click()
        tutor.get_by_role("button", name=f"Give: {TID}").click()
        expect(tutor.get_by_role("status")).to_have_text("Approved.")
        assert_accessible(tutor)
        trainee.reload()
        shown = trainee.locator(f"#attestation-tid-kbu-2-{placement['placement_id']}")
        expect(shown.locator(".ds-tag")).to_have_text("Approved")
    finally:
        write_offset(clock, timedelta(0))
        cancel(portal, placement)
