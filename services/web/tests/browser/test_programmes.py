"""Programmes in the browser, against the whole running portal and its shipped curricula:
a region's administrator enrols a KBU trainee and places her in a practice, a municipality's
administrator enrols a LIS1 doctor and places him (her) in the municipality; each trainee
sees their curriculum, grouped and searchable; the practice's tutor sees the KBU trainee,
and once the placement has ended and the portal's clock has moved past a year, no longer
does. Every page on the way is checked with axe."""
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import requests
from playwright.sync_api import expect

from browsing import assert_accessible, enter, in_english

ROOT = Path(__file__).resolve().parents[4]
TODAY = date.today()
STARTS, ENDS = TODAY - timedelta(days=30), TODAY + timedelta(days=150)


def menu(page):
    return page.get_by_role("navigation", name=re.compile("Main menu|Hovedmeny|Hovedmenu"))


def in_force(portal, name):
    """The holder's agreement signed (an administrator's membership counts only then);
    gives back the holder's id if it was signed here, to be put back afterwards."""
    holder = next(row for row in requests.get(f"{portal.url}/api/identity/v1/agreements",
                                              timeout=10).json() if row["name"] == name)
    if holder["status"] == "signed":
        return None
    requests.post(f"{portal.url}/api/identity/v1/organisations/"
                  f"{holder['organisation_id']}/agreement/sign", headers=portal.operator(),
                  json={"signatory_name": "Ordfører"}, timeout=10).raise_for_status()
    return holder["organisation_id"]


def put_back(portal, signed_here):
    """Terminate what this test signed, so the signatories' own stories still sign."""
    for holder_id in filter(None, signed_here):
        requests.post(f"{portal.url}/api/identity/v1/organisations/{holder_id}/agreement/"
                      "terminate", headers=portal.operator(), timeout=10,
                      json={"terminated_by_party": "operator", "reason": "Test story ended"}
                      ).raise_for_status()


def clock(portal, *args):
    """Time travel as a developer does it: ``python deploy/clock.py shift 600d``."""
    env = dict(os.environ, PORTAL_DATA_DIR=str(portal.logs.parent))
    subprocess.run([sys.executable, "deploy/clock.py", *args], cwd=ROOT, env=env, check=True,
                   capture_output=True)


def enrol(page, trainee, curriculum, place, element):
    """On the administrator's Programmes page: enrol, then add one placement."""
    menu(page).get_by_role("link", name="Programmes").click()
    assert_accessible(page)
    page.get_by_role("button", name="Enrol").click()  # nothing chosen: refused, beside fields
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Trainee", exact=True).select_option(label=trainee)
    page.get_by_label("Curriculum and version", exact=True).select_option(curriculum)
    page.locator("#f-starts_on").fill(STARTS.isoformat())
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_role("status")).to_contain_text("The trainee is enrolled.")
    assert_accessible(page)
    page.get_by_label("Place of training", exact=True).select_option(label=place)
    page.get_by_label("Training element", exact=True).select_option(element)
    page.locator("#f-starts_on").fill(STARTS.isoformat())
    page.locator("#f-ends_on").fill((STARTS - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Add the placement").click()
    expect(page.locator("#f-ends_on-error")).to_be_visible()
    assert_accessible(page)
    page.locator("#f-ends_on").fill(ENDS.isoformat())
    page.get_by_role("button", name="Add the placement").click()
    expect(page.get_by_role("status")).to_have_text("The placement is recorded.")
    expect(page.get_by_role("link", name=re.compile(place))).to_be_visible()
    page.get_by_role("link", name=re.compile(place)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{trainee} at {place}")
    assert_accessible(page)


def sees_curriculum(page, broker, person, code, plan):
    """The trainee's curriculum, the groups of the current placement's plan open."""
    enter(page, broker, person)
    in_english(page)
    menu(page).get_by_role("link", name="My programme").click()
    expect(page.locator("details.portal-group").first).to_be_visible()
    expect(page.locator("details.portal-group[open] > summary")).to_have_count(len(plan))
    for group in plan:
        expect(page.locator("details.portal-group[open] > summary").filter(has_text=group)
               ).to_have_count(1)
    assert_accessible(page)
    search = page.get_by_label("Search by code, words or activity", exact=True)
    search.fill(code)
    search.press("Enter")  # the keyboard's way; htmx replaces only the curriculum
    expect(page.locator("details.portal-item")).to_have_count(1)
    page.locator("details.portal-item summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="How it is assessed")).to_be_visible()
    assert_accessible(page)


def test_trainees_are_enrolled_placed_see_their_curriculum_and_the_tutor_loses_sight_after_a_year(
        open_page, portal):
    signed_here = [in_force(portal, "Region Hovedstaden"), in_force(portal, "Bergen")]
    try:
        story(open_page, portal)
    finally:
        put_back(portal, signed_here)


def story(open_page, portal):
    region = open_page()
    enter(region, "MitID", "Jens Poulsen")
    in_english(region)
    enrol(region, "Mette Jensen", "kbu@2017", "Lægehuset Nørrebro", "kbu-1")
    expect(region.get_by_text(re.compile("The practice has one tutor, Søren Nielsen"))
           ).to_be_visible()

    municipality = open_page()
    enter(municipality, "HelseID", "Per Dahl")
    in_english(municipality)
    enrol(municipality, "Kari Nordmann", "lis1@2025-09", "Bergen legevakt", "kommune")

    sees_curriculum(open_page(), "MitID", "Mette Jensen", "KBU-01", ["KBU-A"])
    phone = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sees_curriculum(phone, "HelseID", "Kari Nordmann", "KLK-001", ["KLK", "FKM-K"])

    tutor = open_page()
    enter(tutor, "MitID", "Søren Nielsen")
    in_english(tutor)
    menu(tutor).get_by_role("link", name="My trainees").click()
    expect(tutor.get_by_role("heading", name="Current trainees (1)")).to_be_visible()
    assert_accessible(tutor)
    tutor.get_by_role("link", name="Mette Jensen").click()
    expect(tutor.get_by_role("heading", level=1)).to_have_text("Record of Mette Jensen")
    assert_accessible(tutor)

    trainee = open_page()
    enter(trainee, "MitID", "Mette Jensen")
    in_english(trainee)
    trainee.goto("/programmes/mine/reads")
    expect(trainee.get_by_role("row", name=re.compile("Søren Nielsen"))).to_be_visible()
    assert_accessible(trainee)

    kbu_trainee = trainee_id(region)
    shift = (ENDS - TODAY).days + 400
    try:
        clock(portal, "shift", f"{shift}d")
        tutor.goto("/programmes/trainees")
        expect(tutor.get_by_role("heading", name="Current trainees (0)")).to_be_visible()
        expect(tutor.get_by_role("link", name="Mette Jensen")).to_have_count(0)
        tutor.goto(f"/programmes/trainees/{kbu_trainee}")
        expect(tutor.get_by_role("heading", level=1)).to_have_text("The request was refused")
        expect(tutor.get_by_text("You cannot see this trainee's record (any longer).")
               ).to_be_visible()
        assert_accessible(tutor)
        reopen(region, "Mette Jensen", TODAY + timedelta(days=shift + 10))
        tutor.goto("/programmes/trainees")
        expect(tutor.get_by_role("link", name="Mette Jensen")).to_be_visible()
        expect(tutor.get_by_text(re.compile("You can read the record until"))).to_be_visible()
    finally:
        clock(portal, "reset")
    cancel(region, "Mette Jensen", "Lægehuset Nørrebro")


def cancel(page, trainee, place):
    """The administrator cancels the placement, then the enrolment, each with a reason
    (and so leaves the practice's tutor without this trainee for the stories after)."""
    page.goto("/programmes/enrolments")
    page.get_by_role("link", name=trainee).first.click()
    page.get_by_role("link", name=re.compile(place)).click()
    page.get_by_role("button", name="Cancel the placement").click()
    expect(page.locator("#f-reason-error")).to_be_visible()
    page.locator("#f-reason").fill("Recorded for a test story")
    page.get_by_role("button", name="Cancel the placement").click()
    expect(page.get_by_role("status")).to_have_text("The placement is cancelled.")
    page.locator("#f-reason").fill("Recorded for a test story")
    page.get_by_role("button", name="Cancel the enrolment").click()
    expect(page.get_by_role("status")).to_have_text("The enrolment is cancelled.")
    expect(page.get_by_role("button", name="Add the placement")).to_have_count(0)
    assert_accessible(page)


def trainee_id(page):
    """The KBU trainee's id, from the record link on the administrator's enrolment page."""
    page.get_by_role("link", name=re.compile("The enrolment of")).click()
    link = page.get_by_role("link", name="Read the trainee's record")
    return link.get_attribute("href").rsplit("/", 1)[1]


def reopen(page, trainee, until):
    """The region opens access to a former trainee again: refused without a reason."""
    menu(page).get_by_role("link", name="Open access").click()
    page.get_by_label("Trainee", exact=True).select_option(label=trainee)
    page.get_by_label("Place of training", exact=True).select_option(label="Lægehuset Nørrebro")
    page.locator("#f-opened_until").fill(until.isoformat())
    page.get_by_role("button", name="Open access").click()
    expect(page.locator("#f-reason-error")).to_be_visible()
    assert_accessible(page)
    page.locator("#f-reason").fill("Written request: the tutor confirms a paper document")
    page.get_by_role("button", name="Open access").click()
    expect(page.get_by_role("status")).to_have_text("Access is opened until the date you chose.")
    assert_accessible(page)
