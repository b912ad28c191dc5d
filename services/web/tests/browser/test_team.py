"""The team area in the browser, against the whole running portal: a LIS1 doctor invites
her leader, advisor and a supervisor; each follows the link from the e-mail at the SMTP
catcher, logs in with HelseID at the development eID provider, registers and is bound;
the doctor sees her team; a used link is refused. A Danish tutor appoints a vejleder with
a window, changes and ends it. Placements are recorded in competencies (its API, as an
administrator records them), which publishes them to invitations."""
import re
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit

import requests
from playwright.sync_api import expect

from browsing import (
    assert_accessible,
    enter,
    holder_in_force,
    in_english,
    log_in,
    person_named,
    region_in_force,
    register,
)
from e2e_portal import eventually, mails_to
from portal_kit.clock import CLOCK_FILE_NAME, write_offset

IDENTITY = "/api/identity/v1"
COMPETENCIES = "/api/competencies/v1"
TEAM = (("leader", "Ola Hansen", "ola.hansen"), ("advisor", "Ingrid Berg", "ingrid.berg"),
        ("supervisor", "Lars Johansen", "lars.johansen"))


def menu(page):
    return page.get_by_role("navigation", name=re.compile("Main menu|Hovedmeny|Hovedmenu"))


def place(portal, holder_id, name):
    found = requests.get(f"{portal.url}{IDENTITY}/organisations", headers=portal.operator(),
                         params={"holder_id": holder_id}, timeout=10).json()
    return next(o["id"] for o in found if o["name"] == name)


def placed(portal, trainee_id, place_id, holder_id, curriculum, element):
    """A current placement at ``place_id``, recorded in competencies as its administrators
    do (the one another test recorded there is used as it is); invitations learns of it
    from competencies' placement.recorded event."""
    base, operator = f"{portal.url}{COMPETENCIES}", portal.operator()
    found = requests.get(f"{base}/trainees/{trainee_id}/programme", headers=operator,
                         timeout=10)
    enrolments = found.json()["enrolments"] if found.status_code == 200 else []
    for enrolment in enrolments:
        if any(p["state"] == "current" and p["place_id"] == place_id
               for p in enrolment["placements"]):
            return
    today = date.today()
    enrolment = next((e for e in enrolments if e["curriculum"] == curriculum), None) or \
        requests.post(f"{base}/enrolments", headers=operator, timeout=10, json={
            "trainee_id": trainee_id, "curriculum": curriculum,
            "agreement_holder_id": holder_id,
            "starts_on": (today - timedelta(days=30)).isoformat()}).json()
    made = requests.post(f"{base}/enrolments/{enrolment['enrolment_id']}/placements",
                         headers=operator, timeout=10, json={
                             "place_id": place_id, "element": element,
                             "starts_on": (today - timedelta(days=30)).isoformat(),
                             "ends_on": (today + timedelta(days=150)).isoformat()})
    assert made.status_code == 201, made.text


def link_in_mail(portal, address):
    mail = eventually(lambda: mails_to(portal, address), timeout=30)[-1]
    link = re.search(r"https?://\S+/invitation\?token=[A-Za-z0-9_-]+", mail["text"]).group(0)
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def invite(page, role, email):
    page.get_by_label("Role").select_option(role)
    page.locator("#f-email").fill(email)
    page.get_by_role("button", name="Send the invitation").click()


def until_shown(page, locator, attempts=20):
    """Binding follows identity's event: reload until it shows (expect polls each load)."""
    for _ in range(attempts):
        if locator.count():
            return
        page.wait_for_timeout(500)
        page.reload()
    expect(locator).to_be_visible()


def test_a_lis1_doctor_invites_her_team_and_each_accepts_through_the_link(open_page, portal):
    bergen = holder_in_force(portal, "Bergen")
    doctor = open_page()
    enter(doctor, "HelseID", "Kari Nordmann")
    in_english(doctor)
    legevakt = place(portal, bergen, "Bergen legevakt")
    placed(portal, person_named(portal, bergen, "Kari", "Nordmann"), legevakt, bergen, "lis1",
           "kommune")
    menu(doctor).get_by_role("link", name="My team").click()
    until_shown(doctor, doctor.get_by_text("Still missing in your team"))
    assert_accessible(doctor)

    doctor.get_by_role("button", name="Send the invitation").click()
    expect(doctor.locator("#f-email-error")).to_have_text("Fill in this field.")
    expect(doctor.locator("#error-summary")).to_be_focused()
    assert_accessible(doctor)
    suffix = uuid.uuid4().hex[:6]
    for role, _, mailbox in TEAM:
        invite(doctor, role, f"{mailbox}.{suffix}@browser.example")
        expect(doctor.get_by_role("status")).to_have_text("The invitation is sent.")
    invite(doctor, "leader", f"someone.else.{suffix}@browser.example")
    expect(doctor.locator("#f-role-error")).to_contain_text("waiting for an answer already")
    assert_accessible(doctor)

    links = {}
    for role, name, mailbox in TEAM:
        links[role] = link_in_mail(portal, f"{mailbox}.{suffix}@browser.example")
        invitee = open_page()
        invitee.goto(links[role])
        expect(invitee.get_by_role("heading", level=1)).to_contain_text("You are invited")
        expect(invitee.get_by_text("Kari Nordmann")).to_be_visible()
        assert_accessible(invitee)
        log_in(invitee, "HelseID", name, start=None)
        expect(invitee.get_by_role("heading", level=1)).to_have_text(re.compile(
            "Register as a new user|Registrer deg som ny bruker"))  # their profile's language
        register(invitee, f"{mailbox}.{suffix}@browser.example")
        expect(invitee).to_have_url(re.compile(r"/invitation/accepted$"))
        until_shown(invitee, invitee.get_by_role("row", name=re.compile("Kari Nordmann")))
        assert_accessible(invitee)

    doctor.goto("/team")
    expect(doctor.get_by_text("Your team is complete.")).to_be_visible()
    for _role, name, _ in TEAM:
        expect(doctor.get_by_text(re.compile(rf": {name} – since"))).to_be_visible()
    assert_accessible(doctor)

    admin = open_page()
    enter(admin, "HelseID", "Per Dahl")
    in_english(admin)
    menu(admin).get_by_role("link", name="Teams and vejledere").click()
    card = admin.get_by_role("article", name=re.compile("Kari Nordmann"))
    expect(card).to_contain_text("Lars Johansen")
    assert_accessible(admin)
    card.get_by_label("Reason for ending supervisor Lars Johansen").fill("Sluttet i kommunen")
    card.get_by_role("button", name="End the role of Lars Johansen").click()
    expect(admin.get_by_role("status")).to_have_text("The relationship has ended.")
    expect(admin.get_by_role("article", name=re.compile("Kari Nordmann"))).to_contain_text(
        "Still missing: Supervisor")

    again = open_page()
    answer = again.goto(links["supervisor"])
    assert answer.status == 404
    expect(again.get_by_role("heading", level=1)).to_have_text(
        "This invitation link cannot be used")
    assert_accessible(again)


def test_a_doctor_resends_and_withdraws_an_invitation(open_page, portal):
    page = open_page()
    enter(page, "HelseID", "Kari Nordmann")
    in_english(page)
    page.goto("/team")
    address = f"sigrid.lie.{uuid.uuid4().hex[:6]}@browser.example"
    invite(page, "supervisor", address)
    first = link_in_mail(portal, address)
    phone = open_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    phone.goto(first)
    for _ in range(30):  # the keyboard reaches the login through the page's own order
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.textContent").startswith("Log in with"):
            break
    expect(phone.get_by_role("link", name="Log in with HelseID to accept")).to_be_focused()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scroll"
    assert_accessible(phone)
    page.get_by_role("button", name=f"Send again to {address}").click()
    expect(page.get_by_role("status")).to_have_text("The invitation is sent again with a new link.")
    assert eventually(lambda: len(mails_to(portal, address)) == 2, timeout=30)
    assert open_page().goto(first).status == 404, "the old link died with the resend"
    page.get_by_role("button", name=f"Withdraw the invitation to {address}").click()
    expect(page.get_by_role("status")).to_have_text("The invitation is withdrawn.")
    expect(page.get_by_text(f"{address} – Withdrawn")).to_be_visible()
    assert_accessible(page)


def test_a_tutor_appoints_a_vejleder_with_a_window_then_changes_and_ends_it(open_page, portal):
    hovedstaden = region_in_force(portal)
    practice = place(portal, hovedstaden, "Lægehuset Nørrebro")
    enter(open_page(), "MitID", "Mette Jensen")  # the trainee has registered (and is named)
    placed(portal, person_named(portal, hovedstaden, "Mette", "Jensen"), practice, hovedstaden,
           "kbu", "kbu-1")
    tutor = open_page()
    enter(tutor, "MitID", "Søren Nielsen")
    in_english(tutor)
    menu(tutor).get_by_role("link", name="Vejledere").click()
    assert_accessible(tutor)
    tutor.get_by_role("link", name="Appoint a vejleder").click()
    tutor.get_by_label("Name").fill("Larsen")
    tutor.get_by_role("button", name="Search the register").click()
    assert_accessible(tutor)
    tutor.get_by_role("link", name="Choose Anne Larsen").click()
    until_shown(tutor, tutor.get_by_label(re.compile("Mette Jensen")))
    start, end = date.today(), date.today() + timedelta(days=30)
    tutor.get_by_label("Start date").fill(start.isoformat())
    tutor.get_by_label("End date").fill((start - timedelta(days=1)).isoformat())
    tutor.get_by_label("Only the trainees chosen below").check()
    tutor.get_by_label(re.compile("Mette Jensen")).check()
    tutor.get_by_role("button", name="Appoint").click()
    expect(tutor.locator("#f-valid_to-error")).to_have_text(
        "The end date is before the start date.")
    assert_accessible(tutor)
    tutor.get_by_label("End date").fill(end.isoformat())
    tutor.get_by_role("button", name="Appoint").click()
    expect(tutor.locator("#f-email-error")).to_contain_text("no profile in the portal yet")
    expect(tutor.locator("#f-mobile-error")).to_be_visible()
    assert_accessible(tutor)
    tutor.locator("#f-email").fill("anne.larsen@browser.example")
    tutor.get_by_label("Mobile phone").fill("+45 12 34 56 78")
    tutor.get_by_role("button", name="Appoint").click()
    expect(tutor.get_by_role("status")).to_have_text("The vejleder is appointed.")
    row = tutor.get_by_role("row", name=re.compile("Anne Larsen"))
    expect(row).to_contain_text("Mette Jensen")
    expect(row).to_contain_text("Waiting for their first login")
    assert_accessible(tutor)
    assert eventually(lambda: mails_to(portal, "anne.larsen@browser.example"), timeout=30)

    tutor.get_by_role("link", name="Anne Larsen").click()
    assert_accessible(tutor)
    tutor.get_by_label("End date").fill((start + timedelta(days=10)).isoformat())
    tutor.get_by_role("button", name="Save the changes").click()
    expect(tutor.get_by_role("status")).to_have_text("The appointment is changed.")
    tutor.get_by_role("link", name="Anne Larsen").click()
    tutor.get_by_label("Reason").fill("Vikariatet er slut")
    tutor.get_by_role("button", name="End the appointment").click()
    expect(tutor.get_by_role("status")).to_have_text("The appointment has ended.")
    expect(tutor.get_by_role("row", name=re.compile("Anne Larsen"))).to_contain_text("Ended")
    assert_accessible(tutor)


def test_the_vejleders_access_ends_when_the_clock_passes_the_windows_end(open_page, portal):
    """Last in this module: it moves the portal's clock (and puts it back)."""
    hovedstaden = region_in_force(portal)
    created = requests.post(f"{portal.url}{IDENTITY}/people", headers=portal.operator(),
                            json={"country": "DK", "authorisation_id": "4AL9R",
                                  "organisation_id": hovedstaden}, timeout=10)
    assert created.status_code in (201, 409), created.text  # the region made her profile
    vejleder = open_page()
    enter(vejleder, "MitID", "Anne Larsen")
    tutor = open_page()
    enter(tutor, "MitID", "Søren Nielsen")
    in_english(tutor)
    tutor.goto("/vejledere/new?authorisation_id=4AL9R&given_name=Anne&family_name=Larsen")
    tutor.get_by_label("End date").fill((date.today() + timedelta(days=10)).isoformat())
    tutor.get_by_label("Only the trainees chosen below").check()
    tutor.get_by_label(re.compile("Mette Jensen")).check()
    tutor.get_by_role("button", name="Appoint").click()
    expect(tutor.get_by_role("status")).to_have_text("The vejleder is appointed.")

    in_english(vejleder)
    vejleder.goto("/my-roles")
    until_shown(vejleder, vejleder.get_by_role("row", name=re.compile("Mette Jensen")))
    expect(vejleder.get_by_role("row", name=re.compile("Mette Jensen"))).to_contain_text(
        "Vejleder")
    assert_accessible(vejleder)
    clock = portal.logs.parent / CLOCK_FILE_NAME
    try:
        write_offset(clock, timedelta(days=11, hours=1))
        until_shown(vejleder, vejleder.get_by_text("Nobody yet."))
        tutor.goto("/vejledere")
        expect(tutor.get_by_role("row", name=re.compile("Anne Larsen")).first).to_be_visible()
    finally:
        write_offset(clock, timedelta(0))
