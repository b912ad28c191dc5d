"""Notifications in the browser, against the whole running portal: a person changes their
settings and reads the messages sent to them; a link in a real mail (as the SMTP catcher
received it) unsubscribes without a login, the next such message is not sent and the
operator sees that in the delivery log; an administrator sees a message about their
organisation that could not be delivered. axe on every page, one on a phone's screen."""
import re
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import expect

from browsing import assert_accessible, enter, in_english
from e2e_portal import eventually, mails_to
from portal_kit import events as ce
from portal_kit.testing_infra import publish_event

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
UNSUBSCRIBE = re.compile(r"https?://\S+/notifications/unsubscribe/\S+")


def menu(page):
    return page.get_by_role("navigation", name=re.compile("Main menu|Hovedmeny|Hovedmenu"))


def event(source, type_, subject, data):
    return ce.envelope(source=f"/portal/{source}", type=type_, subject=subject, data=data,
                       time=datetime.now(UTC), correlation_id=str(uuid.uuid4()),
                       dataschema=f"http://localhost:8000/api/{source}/schemas/{type_}.json")


def registered(portal, email, language="nb"):
    """A person as identity announces them once registered; returns their id."""
    person_id = str(uuid.uuid4())
    publish_event(portal.vhost.amqp_uri, "identity.events", event(
        "identity", "portal.identity.person.registered.v1", f"people/{person_id}", {
            "person_id": person_id, "given_name": "Sigrun", "family_name": "Lund",
            "email": email, "mobile": None, "language": language, "country": "NO",
            "hpr_number": None, "authorisation_id": None,
            "registered_at": datetime.now(UTC).isoformat()}))
    eventually(lambda: mails_to(portal, email))  # the welcome mail: the contact is known
    return person_id


def document_decided(portal, trainee_id, outcome, organisation_id="org-unknown"):
    now = datetime.now(UTC).isoformat()
    data = {"document_id": str(uuid.uuid4()), "trainee_id": trainee_id,
            "enrolment_id": str(uuid.uuid4()), "organisation_id": organisation_id,
            "kind": "course_certificate"}
    if outcome == "confirmed":
        data.update(sha256="0" * 64, curriculum_item=None, attestation=None,
                    confirmed_by="p-tutor", confirmed_at=now)
    else:
        data.update(reason="Skanningen er uleselig.", rejected_by="p-tutor", rejected_at=now)
    found = event("documents", f"portal.documents.document.{outcome}.v1",
                  f"documents/{data['document_id']}", data)
    publish_event(portal.vhost.amqp_uri, "documents.events", found)
    return found


def deliveries_to(portal, email):
    return requests.get(f"{portal.url}/api/notifications/v1/deliveries", timeout=10,
                        params={"recipient": email}, headers=portal.operator()).json()


@pytest.fixture
def in_force(portal):
    """``in_force(name)``: the holder, its agreement in force (an administrator counts only
    then); what this test signed is terminated afterwards, so the signatories' and the
    operator's own stories still find it unsigned."""
    signed_here = []

    def sign(name):
        holder = next(row for row in requests.get(f"{portal.url}/api/identity/v1/agreements",
                                                  timeout=10).json() if row["name"] == name)
        if holder["status"] != "signed":
            requests.post(f"{portal.url}/api/identity/v1/organisations/"
                          f"{holder['organisation_id']}/agreement/sign",
                          headers=portal.operator(), json={"signatory_name": "Ordfører"},
                          timeout=10).raise_for_status()
            signed_here.append(holder["organisation_id"])
        return holder

    yield sign
    for holder_id in signed_here:
        requests.post(f"{portal.url}/api/identity/v1/organisations/{holder_id}/agreement/"
                      "terminate", headers=portal.operator(), timeout=10,
                      json={"terminated_by_party": "operator", "reason": "Test story ended"}
                      ).raise_for_status()


def test_a_person_reads_their_messages_and_chooses_a_daily_summary(open_page):
    page = open_page()
    enter(page, "MitID", "Mette Jensen")
    in_english(page)
    menu(page).get_by_role("link", name="My notifications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My notifications")
    expect(page.get_by_role("row", name=re.compile("Welcome to the competency portal|Velkommen til kompetenceportalen"))
           ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Notification settings").click()
    assert_accessible(page)
    awaiting = page.get_by_role("group", name="Items awaiting your approval")
    awaiting.get_by_label("Once a day, in a summary").check()
    page.get_by_role("group", name=re.compile("Reminders of invitations")).get_by_label(
        "Not at all").check()
    page.get_by_role("group", name="Decisions on documents you uploaded").get_by_label(
        "Not at all").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Your notification settings are saved.")
    expect(awaiting.get_by_label("Once a day, in a summary")).to_be_checked()
    assert_accessible(page)


def test_a_link_in_a_mail_unsubscribes_without_a_login_and_the_operator_sees_the_next_not_sent(
        open_page, portal):
    email = f"sigrun.lund.{uuid.uuid4().hex[:6]}@browser.example"
    person_id = registered(portal, email)
    first = document_decided(portal, person_id, "rejected")
    mail = eventually(lambda: [m for m in mails_to(portal, email)
                               if "Dokument ikke godtatt" in m["subject"]])[0]
    assert "Skanningen er uleselig." in mail["text"]
    link = urlsplit(UNSUBSCRIBE.search(mail["text"]).group(0)).path

    page = open_page()  # not logged in: the link is the permission
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Slutte å få slike meldinger?")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    assert_accessible(page)
    page.get_by_role("button", name="Meld meg av").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er avmeldt")
    expect(page.get_by_role("status")).to_contain_text("Avgjørelser om dokumenter")
    assert_accessible(page)

    second = document_decided(portal, person_id, "confirmed")
    eventually(lambda: [d for d in deliveries_to(portal, email)
                        if d["source_event_id"] == second["id"] and d["status"] == "suppressed"])
    assert [d["status"] for d in deliveries_to(portal, email)
            if d["source_event_id"] == first["id"]] == ["sent"]

    operator = open_page()
    enter(operator, "HelseID", "Oda Olsen")
    in_english(operator)
    menu(operator).get_by_role("link", name="Delivery log").click()
    operator.get_by_label("Recipient's e-mail address").fill(email)
    operator.get_by_role("button", name="Search").click()
    expect(operator.get_by_text("Not sent (turned off)")).to_be_visible()
    assert_accessible(operator)


def test_an_administrator_sees_a_message_about_their_organisation_that_could_not_be_sent(
        open_page, portal, in_force):
    holder = in_force("Bergen")
    nobody = str(uuid.uuid4())  # a trainee of whom notifications knows no address
    document_decided(portal, nobody, "confirmed", organisation_id=holder["organisation_id"])
    page = open_page(**PHONE)
    enter(page, "HelseID", "Per Dahl")
    in_english(page)
    page.goto("/notifications/failed")
    expect(page.get_by_role("heading", level=1)).to_have_text("Failed deliveries of Bergen")
    row = page.get_by_role("row", name=re.compile("Could not be delivered"))
    expect(row.first).to_contain_text("no contact data")
    assert_accessible(page)
