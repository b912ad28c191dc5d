"""The LIS1 story in the browser, against the whole running portal: Bergen's administrator
enrols Kari Nordmann in LIS1 (two hospital halves served, the municipal half ending soon);
she invites her leader, advisor and supervisor, who accept through the mailed link; she logs
a learning activity on KLK-001 and marks it ready; the supervisor confirms the activity and
recommends, the leader is refused until the advisor has recommended too; the leader approves
every objective from his queue in one press (approve-several) and confirms completed
service for each placement: the municipal one refused before its last month, given once the
portal's clock is in it; the programme completes, Kari opens the completion page and
downloads the credential (vc+jwt) and the PDF; the credential verifies offline with the
saved key set (``python -m competencies.verify``, exit 0) and fails with one byte changed.
Every page on the way is checked with axe.

The bulk is sent through the HTTP API, as the pages send it, to keep the story near a
minute: klarmelding of the other 104 objectives and the advisor's and supervisor's
recommendations of each (tokens of the same people, signed with identity's development
key). KLK-001 goes the whole way through the pages, and all 105 approvals go through the
leader's queue in the browser, in one press ("Approve all 105 items of Kari Nordmann").
"""
import re
import subprocess
import sys
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit

import requests
from e2e_signoff import (
    COMPETENCIES,
    lis1_year,
    people_tokens,
    progress,
    ready_and_recommended,
    required_items,
)
from playwright.sync_api import expect

from browsing import (
    assert_accessible,
    enter,
    holder_in_force,
    in_english,
    log_in,
    person_named,
    register,
)
from e2e_portal import eventually, mails_to
from portal_kit.clock import CLOCK_FILE_NAME, write_offset

AFTER_FIRST_STEPS = True  # Kari's team of the team story is replaced by this story's own
IDENTITY, INVITATIONS = "/api/identity/v1", "/api/invitations/v1"
TEAM = (("leader", "Ola Hansen"), ("advisor", "Ingrid Berg"), ("supervisor", "Lars Johansen"))
DAYS_LEFT = 40  # of the municipal placement: its last month starts in about ten days
HOSPITAL = "Bekreftelse på gjennomført tjeneste i spesialisthelsetjenesten"
MUNICIPAL = "Bekreftelse på gjennomført tjeneste i den kommunale helse- og omsorgstjenesten"
VERIFY = [sys.executable, "-m", "competencies.verify"]


def menu(page):
    return page.get_by_role("navigation", name=re.compile("Main menu|Hovedmeny|Hovedmenu"))


def without_earlier_enrolment(portal, trainee_id):
    """The stories before enrolled Kari a month ago in the municipality only; this one
    needs the whole LIS1 year, so that enrolment is cancelled (as an administrator would)."""
    found = requests.get(f"{portal.url}{COMPETENCIES}/trainees/{trainee_id}/programme",
                         headers=portal.operator(), timeout=10)
    for enrolment in found.json()["enrolments"] if found.status_code == 200 else []:
        if enrolment["state"] != "cancelled" and enrolment["curriculum"] == "lis1":
            requests.post(f"{portal.url}{COMPETENCIES}/enrolments/{enrolment['enrolment_id']}"
                          "/cancel", headers=portal.operator(), timeout=10,
                          json={"reason": "Recorded for another test story"}
                          ).raise_for_status()


def enrol_for_the_year(page, placements):
    """Per Dahl enrols Kari in LIS1 and records the year's three placements."""
    enter(page, "HelseID", "Per Dahl")
    in_english(page)
    menu(page).get_by_role("link", name="Programmes").click()
    page.get_by_label("Trainee", exact=True).select_option(label="Kari Nordmann")
    page.get_by_label("Curriculum and version", exact=True).select_option("lis1@2025-09")
    page.locator("#f-starts_on").fill(placements["sykehus-indremedisin"][0].isoformat())
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_role("status")).to_contain_text("The trainee is enrolled.")
    assert_accessible(page)
    for element, (starts, ends) in placements.items():
        page.get_by_label("Place of training", exact=True).select_option(label="Bergen legevakt")
        page.get_by_label("Training element", exact=True).select_option(element)
        page.locator("#f-starts_on").fill(starts.isoformat())
        page.locator("#f-ends_on").fill(ends.isoformat())
        page.get_by_role("button", name="Add the placement").click()
        expect(page.get_by_role("status")).to_have_text("The placement is recorded.")
    assert_accessible(page)


def until_shown(page, locator, attempts=30):
    """What follows an event elsewhere: reload until it shows (expect polls each load)."""
    for _ in range(attempts):
        if locator.count():
            return
        page.wait_for_timeout(500)
        page.reload()
    expect(locator).to_be_visible()


def link_in_mail(portal, address):
    mail = eventually(lambda: mails_to(portal, address), timeout=30)[-1]
    link = re.search(r"https?://\S+/invitation\?token=[A-Za-z0-9_-]+", mail["text"]).group(0)
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def invite_the_team(doctor, open_page, portal):
    """Kari invites her leader, advisor and supervisor; each accepts through the mail."""
    menu(doctor).get_by_role("link", name="My team").click()
    until_shown(doctor, doctor.get_by_text("Still missing in your team"))
    suffix = uuid.uuid4().hex[:6]
    pages = {}
    for role, name in TEAM:
        address = f"{name.lower().replace(' ', '.')}.{suffix}@lis1.example"
        doctor.get_by_label("Role").select_option(role)
        doctor.locator("#f-email").fill(address)
        doctor.get_by_role("button", name="Send the invitation").click()
        expect(doctor.get_by_role("status")).to_have_text("The invitation is sent.")
        invitee = pages[role] = open_page()
        invitee.goto(link_in_mail(portal, address))
        log_in(invitee, "HelseID", name, start=None)
        if "/registration" in invitee.url:  # their first login
            register(invitee, address)
        expect(invitee).to_have_url(re.compile(r"/invitation/accepted$"))
        in_english(invitee)
    doctor.goto("/team")
    expect(doctor.get_by_text("Your team is complete.")).to_be_visible()
    assert_accessible(doctor)
    return pages


def open_kari(page):
    """From "Whom I assess" to Kari's sign-offs (her team learns of them by events)."""
    page.goto("/my-roles")
    until_shown(page, page.get_by_role("link", name="Kari Nordmann"))
    assert_accessible(page)
    page.get_by_role("link", name="Kari Nordmann").click()
    until_shown(page, page.get_by_role("heading", name="Progress: lis1 2025-09"))


def unfold(page, code):
    """Open the curriculum group holding ``code`` (the first group is open by itself)."""
    item = page.locator(f"#item-{code}")
    if not item.is_visible():
        page.locator("details", has=item).locator("summary").first.click()
    expect(item).to_be_visible()
    return item


def people_ids(portal, trainee_id):
    team = requests.get(f"{portal.url}{INVITATIONS}/trainees/{trainee_id}/relationships",
                        headers=portal.operator(), timeout=10).json()
    return {r["role"]: r["person_id"] for r in team}


def test_a_lis1_doctors_year_is_signed_off_completed_and_its_credential_verifies_offline(
        open_page, portal, tmp_path):
    holder_id = holder_in_force(portal, "Bergen")
    doctor = open_page()
    enter(doctor, "HelseID", "Kari Nordmann")
    in_english(doctor)
    trainee_id = person_named(portal, holder_id, "Kari", "Nordmann")
    without_earlier_enrolment(portal, trainee_id)
    placements = lis1_year(date.today(), DAYS_LEFT)
    enrol_for_the_year(open_page(), placements)
    team = invite_the_team(doctor, open_page, portal)
    leader, advisor, supervisor = team["leader"], team["advisor"], team["supervisor"]

    menu(doctor).get_by_role("link", name="My sign-offs").click()
    assert_accessible(doctor)
    doctor.get_by_role("link", name=re.compile(r"\(lis1 2025-09\)$")).click()
    enrolment_id = doctor.url.rsplit("/", 1)[1].split("?")[0]
    item = unfold(doctor, "KLK-001")
    item.get_by_label("Log an activity for KLK-001").fill("Selvstendig legevaktskift med "
                                                         "supervisjon")
    item.get_by_role("button", name="Log", exact=True).click()
    expect(doctor.get_by_role("status")).to_have_text("Saved.")
    doctor.get_by_role("button", name="Ready for approval: KLK-001").click()
    expect(doctor.get_by_role("status")).to_have_text("Saved.")
    expect(doctor.locator("#item-KLK-001 .ds-tag")).to_have_text("Ready for approval")
    assert_accessible(doctor)

    open_kari(supervisor)
    unfold(supervisor, "KLK-001").get_by_role("button", name="Confirm the activity").click()
    expect(supervisor.get_by_role("status")).to_have_text("Saved.")
    expect(supervisor.locator("#item-KLK-001")).to_contain_text("confirmed")
    supervisor.get_by_role("button", name="Recommend KLK-001").click()
    expect(supervisor.get_by_role("status")).to_have_text("Saved.")
    assert_accessible(supervisor)

    open_kari(leader)
    unfold(leader, "KLK-001").get_by_role("button", name="Approve KLK-001").click()
    expect(leader.locator("#error-summary")).to_contain_text(
        "The advisor and a supervisor must recommend it first.")
    assert_accessible(leader)
    open_kari(advisor)
    unfold(advisor, "KLK-001").get_by_role("button", name="Recommend KLK-001").click()
    expect(advisor.get_by_role("status")).to_have_text("Saved.")
    assert_accessible(advisor)

    ids = people_ids(portal, trainee_id)
    as_person = people_tokens(portal)
    rest = [c for c in required_items(progress(portal, enrolment_id, as_person(trainee_id)))
            if c != "KLK-001"]
    ready_and_recommended(portal, enrolment_id, rest, as_person(trainee_id),
                          [as_person(ids["advisor"]), as_person(ids["supervisor"])])

    menu(leader).get_by_role("link", name="Awaiting my approval").click()
    waiting = leader.get_by_role("region", name=re.compile("Kari Nordmann"))
    boxes = waiting.get_by_role("checkbox")
    expect(boxes).to_have_count(len(rest) + 1)
    assert_accessible(leader)
    waiting.get_by_role("button", name=f"Approve all {len(rest) + 1} items of Kari Nordmann"
                        ).click()
    expect(leader.get_by_role("status")).to_have_text("Approved.")
    expect(leader.get_by_text("Nothing awaits your approval.")).to_be_visible()
    assert_accessible(leader)

    open_kari(leader)
    expect(leader.locator("#item-KLK-001 .ds-tag")).to_have_text("Approved")
    for _ in range(2):  # the two hospital halves, served and ended
        leader.get_by_role("button", name=f"Give: {HOSPITAL}").first.click()
        expect(leader.get_by_role("status")).to_have_text("Saved.")
    leader.get_by_role("button", name=f"Give: {MUNICIPAL}").click()
    expect(leader.locator("#error-summary")).to_contain_text("the placement's last month")
    assert_accessible(leader)
    clock = portal.logs.parent / CLOCK_FILE_NAME
    try:
        write_offset(clock, timedelta(days=DAYS_LEFT - 10))
        leader.goto(f"/signoff/enrolments/{enrolment_id}")
        leader.get_by_role("button", name=f"Give: {MUNICIPAL}").click()
        expect(leader.get_by_role("status")).to_have_text("Saved.")
        expect(leader.get_by_role("heading", name="The programme is completed")).to_be_visible()
        assert_accessible(leader)
    finally:
        write_offset(clock, timedelta(0))

    doctor.goto(f"/signoff/enrolments/{enrolment_id}")
    expect(doctor.get_by_role("heading", name="The programme is completed")).to_be_visible()
    expect(doctor.get_by_text("108 of 108 required sign-offs are given.")).to_be_visible()
    assert_accessible(doctor)
    with doctor.expect_download() as credential:
        doctor.get_by_role("link", name=re.compile("Download the credential")).click()
    with doctor.expect_download() as pdf:
        doctor.get_by_role("link", name="Download the PDF").click()
    assert pdf.value.path().read_bytes().startswith(b"%PDF")
    jwt_file, jwks_file = tmp_path / "completion.vc.jwt", tmp_path / "jwks.json"
    credential.value.save_as(jwt_file)
    jwks_url = doctor.get_by_role("link", name=re.compile("jwks.json")).get_attribute("href")
    jwks_file.write_bytes(requests.get(jwks_url, timeout=10).content)

    valid = subprocess.run([*VERIFY, str(jwt_file), "--jwks", str(jwks_file)],
                           capture_output=True, text=True)
    assert valid.returncode == 0, valid.stderr
    assert "VALID" in valid.stdout and "Kari Nordmann" in valid.stdout
    token = jwt_file.read_text().strip()
    middle = len(token.split(".")[0]) + 10  # one byte inside the claims set
    changed = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1:]
    jwt_file.write_text(changed)
    forged = subprocess.run([*VERIFY, str(jwt_file), "--jwks", str(jwks_file)],
                            capture_output=True, text=True)
    assert forged.returncode != 0 and "NOT VALID" in forged.stderr
