"""The team area in the browser, against the whole running portal: a LIS1 doctor invites
her leader, advisor and a supervisor; each follows the link from the e-mail at the SMTP
catcher, logs in with HelseID at the development eID provider, registers and is bound;
the doctor sees her team; a used link is refused. A Danish tutor appoints a vejleder with
a window, changes and ends it. Placements come as competencies publishes them."""
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import requests
from playwright.sync_api import expect

from browsing import assert_accessible, enter, log_in, register
from e2e_portal import eventually, mails_to
from portal_contracts import competencies as programmes
from portal_kit import events as ce
from portal_kit.clock import CLOCK_FILE_NAME, write_offset
from portal_kit.testing import publish_event

IDENTITY = "/api/identity/v1"
TEAM = (("leader", "Ola Hansen", "ola.hansen"), ("advisor", "Ingrid Berg", "ingrid.berg"),
        ("supervisor", "Lars Johansen", "lars.johansen"))


def menu(page):
    return page.get_by_role("navigation", name=re.compile("Main menu|Hovedmeny|Hovedmenu"))


def holder(portal, name):
    """The agreement holder by name, its agreement signed (memberships count only then)."""
    row = next(r for r in requests.get(f"{portal.url}{IDENTITY}/agreements", timeout=10).json()
               if r["name"] == name)
    if row["status"] != "signed":
        requests.post(f"{portal.url}{IDENTITY}/organisations/{row['organisation_id']}"
                      "/agreement/sign", headers=portal.operator(),
                      json={"signatory_name": "Ordfører"}, timeout=10).raise_for_status()
    return row["organisation_id"]


def person_id(portal, holder_id, given, family):
    people = requests.get(f"{portal.url}{IDENTITY}/organisations/{holder_id}/people",
                          headers=portal.operator(), timeout=10).json()
    return next(p["id"] for p in people
                if (p["given_name"], p["family_name"]) == (given, family))


def place(portal, holder_id, name):
    found = requests.get(f"{portal.url}{IDENTITY}/organisations", headers=portal.operator(),
                         params={"holder_id": holder_id}, timeout=10).json()
    return next(o["id"] for o in found if o["name"] == name)


def placed(portal, trainee_id, place_id, holder_id, curriculum, days=(30, 150)):
    """A current placement, as competencies publishes it."""
    today = date.today()
    publish_event(portal.vhost.amqp_uri, "competencies.events", ce.envelope(
        source="/portal/competencies", type=programmes.PLACEMENT_RECORDED,
        subject=f"placements/{trainee_id}", time=datetime.now(UTC), correlation_id="browser",
        dataschema="http://localhost:8000/api/competencies/schemas/x.json", data={
            "placement_id": str(uuid.uuid4()), "enrolment_id": str(uuid.uuid4()),
            "trainee_id": trainee_id, "place_id": place_id, "agreement_holder_id": holder_id,
            "curriculum": curriculum, "curriculum_version": "2025-09", "element": "kommune",
            "element_kind": "municipality", "plan": ["KLK"],
            "starts_on": (today - timedelta(days=days[0])).isoformat(),
            "ends_on": (today + timedelta(days=days[1])).isoformat(),
            "recorded_at": datetime.now(UTC).isoformat(), "recorded_by": "browser"}))


def link_in_mail(portal, address):
    mail = eventually(lambda: mails_to(portal, address), timeout=30)[-1]
    link = re.search(r"https?://\S+/invitation\?token=[A-Za-z0-9_-]+", mail["text"]).group(0)
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def invite(page, role, email):
    page.get_by_label("Role").select_option(role)
    page.locator("#f-email").fill(email)
    page.get_by_role("button", name="Send the invitation").click()


def in_english(page):
    page.get_by_role("button", name="English").click()


def until_shown(page, locator, attempts=20):
    """Binding follows identity's event: reload until it shows (expect polls each load)."""
    for _ in range(attempts):
        if locator.count():
            return
        page.wait_for_timeout(500)
        page.reload()
    expect(locator).to_be_visible()


def test_a_lis1_doctor_invites_her_team_and_each_accepts_through_the_link(open_page, portal):
    bergen = holder(portal, "Bergen")
    doctor = open_page()
    enter(doctor, "HelseID", "Kari Nordmann")
    in_english(doctor)
    placed(portal, person_id(portal, bergen, "Kari", "Nordmann"), bergen, bergen, "lis1")
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
    hovedstaden = holder(portal, "Region Hovedstaden")
    practice = place(portal, hovedstaden, "Lægehuset Nørrebro")
    enter(open_page(), "MitID", "Mette Jensen")  # the trainee has registered (and is named)
    placed(portal, person_id(portal, hovedstaden, "Mette", "Jensen"), practice, hovedstaden,
           "kbu")
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
    hovedstaden = holder(portal, "Region Hovedstaden")
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
