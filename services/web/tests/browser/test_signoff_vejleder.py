"""A vejleder is offered neither KBU attestation in the browser, against the whole running
portal: the tutor appoints Anne Larsen vejleder for Mette Jensen; the portal's clock is moved
into the last month of Mette's placement at Lægehuset Nørrebro (when the time attestation may
be given); Anne opens Mette's sign-offs from "Whom I assess": both attestations are listed with
their state, with no button to give or return either (the service, asked, says her role may
not: ``may_give``; a give sent anyway is refused, tests/integration of competencies), and
nothing changes; her tutor then gives the time attestation, accepted in the last month. Every page on the way is checked
with axe."""
import re
from datetime import date, timedelta

import requests
from playwright.sync_api import expect

from browsing import assert_accessible, enter, in_english, person_named, region_in_force
from portal_kit.clock import CLOCK_FILE_NAME, write_offset

AFTER_FIRST_STEPS = True  # Anne's profile is made here; the team story first sees her without
IDENTITY, COMPETENCIES = "/api/identity/v1", "/api/competencies/v1"
TIME = "Attestation for tidsmæssigt gennemført ansættelse, 1. ansættelse"
OBJECTIVES = "Attestation for opfyldte læringsmål, 1. ansættelse"


def placed_at_the_practice(portal, holder_id, trainee_id):
    """Mette's current kbu-1 placement at Lægehuset Nørrebro (the one the stories before
    recorded, else one recorded here as the region's administrators record it)."""
    base, operator, today = f"{portal.url}{COMPETENCIES}", portal.operator(), date.today()
    found = requests.get(f"{base}/trainees/{trainee_id}/programme", headers=operator,
                         timeout=10)
    enrolments = [e for e in (found.json()["enrolments"] if found.status_code == 200 else [])
                  if e["curriculum"] == "kbu" and e["state"] != "cancelled"]
    for enrolment in enrolments:
        for placement in enrolment["placements"]:
            if placement["state"] == "current" and placement["element"] == "kbu-1" and \
                    placement["place_name"] == "Lægehuset Nørrebro":
                return enrolment["enrolment_id"], placement
    enrolment = enrolments[0] if enrolments else requests.post(
        f"{base}/enrolments", headers=operator, timeout=10, json={
            "trainee_id": trainee_id, "curriculum": "kbu", "agreement_holder_id": holder_id,
            "starts_on": (today - timedelta(days=30)).isoformat()}).json()
    places = requests.get(f"{portal.url}{IDENTITY}/organisations", headers=operator,
                          params={"holder_id": holder_id}, timeout=10).json()
    made = requests.post(f"{base}/enrolments/{enrolment['enrolment_id']}/placements",
                         headers=operator, timeout=10, json={
                             "place_id": next(p["id"] for p in places
                                              if p["name"] == "Lægehuset Nørrebro"),
                             "element": "kbu-1",
                             "starts_on": (today - timedelta(days=30)).isoformat(),
                             "ends_on": (today + timedelta(days=150)).isoformat()})
    assert made.status_code == 201, made.text
    return enrolment["enrolment_id"], made.json()


def attestations(portal, enrolment_id, placement_id):
    shown = requests.get(f"{portal.url}{COMPETENCIES}/enrolments/{enrolment_id}/progress",
                         headers=portal.operator(), timeout=10).json()["attestations"]
    return {a["code"]: (a["state"], a["version"]) for a in shown
            if a["placement_id"] == placement_id}


def until_shown(page, locator, attempts=30):
    for _ in range(attempts):
        if locator.count():
            return
        page.wait_for_timeout(500)
        page.reload()
    expect(locator).to_be_visible()


def test_a_vejleder_is_offered_neither_kbu_attestation_and_the_tutor_gives_the_time_attestation(
        open_page, portal):
    holder_id = region_in_force(portal)
    created = requests.post(f"{portal.url}{IDENTITY}/people", headers=portal.operator(),
                            json={"country": "DK", "authorisation_id": "4AL9R",
                                  "organisation_id": holder_id}, timeout=10)
    assert created.status_code in (201, 409), created.text  # the region made her profile
    vejleder = open_page()
    enter(vejleder, "MitID", "Anne Larsen")
    in_english(vejleder)
    enter(open_page(), "MitID", "Mette Jensen")  # registered, so she is named
    enrolment_id, placement = placed_at_the_practice(
        portal, holder_id, person_named(portal, holder_id, "Mette", "Jensen"))

    tutor = open_page()
    enter(tutor, "MitID", "Søren Nielsen")
    in_english(tutor)
    tutor.goto("/vejledere/new?authorisation_id=4AL9R&given_name=Anne&family_name=Larsen")
    until_shown(tutor, tutor.get_by_label(re.compile("Mette Jensen")))
    tutor.get_by_label("Only the trainees chosen below").check()
    tutor.get_by_label(re.compile("Mette Jensen")).check()
    tutor.get_by_role("button", name="Appoint").click()
    expect(tutor.get_by_role("status")).to_have_text("The vejleder is appointed.")

    ends_on = date.fromisoformat(placement["ends_on"])
    clock = portal.logs.parent / CLOCK_FILE_NAME
    try:
        write_offset(clock, timedelta(days=(ends_on - date.today()).days - 20))
        vejleder.goto("/my-roles")
        until_shown(vejleder, vejleder.get_by_role("link", name="Mette Jensen").first)
        assert_accessible(vejleder)
        vejleder.get_by_role("link", name="Mette Jensen").first.click()  # a row per appointment
        until_shown(vejleder, vejleder.get_by_role("heading", name="Attestations"))
        assert_accessible(vejleder)
        before = attestations(portal, enrolment_id, placement["placement_id"])
        for title in (TIME, OBJECTIVES):
            shown = vejleder.locator(f"#attestation-{'tid' if title == TIME else 'laeringsmaal'}"
                                     f"-kbu-1-{placement['placement_id']}")
            expect(shown).to_contain_text(title)
            expect(shown.get_by_role("button")).to_have_count(0)
        expect(vejleder.get_by_role("button", name=re.compile("^(Give|Return with)"))
               ).to_have_count(0)
        assert attestations(portal, enrolment_id, placement["placement_id"]) == before

        tutor.goto(f"/signoff/enrolments/{enrolment_id}")
        tutor.get_by_role("button", name=f"Give: {TIME}").click()
        expect(tutor.get_by_role("status")).to_have_text("Saved.")
        expect(tutor.locator(f"#attestation-tid-kbu-1-{placement['placement_id']} .ds-tag")
               ).to_have_text("Approved")
        assert_accessible(tutor)
    finally:
        write_offset(clock, timedelta(0))
