"""What each role does in the browser, against the seeded development data: the operator
records an agreement and publishes a text, onboards a municipality (an empty form refused, the
same values again "nothing changed" with no audit entry), a signatory signs with eID, a region
administrator gives a tutor access to a practice, a municipality administrator creates a
profile from the register; nobody sees or reaches another role's pages."""
import re

import requests
from playwright.sync_api import expect

from browsing import assert_accessible, enter, holder_in_force, in_english


def menu(page):
    return page.get_by_role("navigation", name=re.compile("Main menu|Hovedmeny|Hovedmenu"))


def test_the_operator_records_a_paper_signature_and_publishes_a_text(open_page):
    page = open_page()
    enter(page, "HelseID", "Oda Olsen")
    in_english(page)
    menu(page).get_by_role("link", name="Organisations").click()
    assert_accessible(page)
    page.get_by_label("Search by name").fill("Bergen")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Bergen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bergen")
    assert_accessible(page)
    page.get_by_role("button", name="Record the signature").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#f-signatory_name-error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Who signed").fill("Ordfører <b>Marte</b> Mjøs")
    page.get_by_role("button", name="Record the signature").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_text("Ordfører <b>Marte</b> Mjøs").first).to_be_visible()
    menu(page).get_by_role("link", name="Agreement texts").click()
    page.locator("#f-title").fill("Databehandleravtale, versjon 2")
    page.locator("#f-body").fill("Nye vilkår.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_have_text("The new agreement text is published.")
    expect(page.get_by_text("Version 2: Databehandleravtale, versjon 2")).to_be_visible()
    assert_accessible(page)


def updates_of(portal, organisation_id):
    """identity's audit entries of the organisation's onboarding."""
    entries = requests.get(f"{portal.url}/api/identity/v1/audit", headers=portal.operator(),
                           params={"subject_id": organisation_id, "limit": 1000},
                           timeout=10).json()
    return [e for e in entries if e["action"] == "organisation.updated"]


def test_the_operators_onboarding_form_sent_unchanged_changes_nothing_and_empty_is_refused(
        open_page, portal):
    page = open_page()
    enter(page, "HelseID", "Oda Olsen")
    in_english(page)
    page.goto("/operator/organisations?q=Voss")
    page.get_by_role("link", name="Voss", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voss")
    organisation_id = page.url.split("?")[0].rstrip("/").rsplit("/", 1)[1]
    onboarding = page.get_by_role("region", name="Onboarding")
    onboarding.get_by_label("Organisation number").fill("")
    onboarding.get_by_label("Contact e-mail").fill("")
    before = updates_of(portal, organisation_id)
    onboarding.get_by_role("button", name="Save").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Give the organisation number or the contact e-mail.")
    assert_accessible(page)
    onboarding.get_by_label("Contact e-mail").fill("postmottak@voss.kommune.no")
    onboarding.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^(Saved\.|Nothing changed)"))
    after_saving = updates_of(portal, organisation_id)
    assert len(after_saving) - len(before) in (0, 1)  # 0: an earlier run saved it already
    onboarding.get_by_role("button", name="Save").click()  # the form as it is shown
    expect(page.get_by_role("status")).to_have_text(
        "Nothing changed: the values are as they were.")
    assert_accessible(page)
    assert updates_of(portal, organisation_id) == after_saving


def test_a_signatory_signs_and_the_regions_administrator_gives_a_tutor_access(open_page):
    signatory = open_page()
    enter(signatory, "MitID", "Lone Mortensen")
    in_english(signatory)
    menu(signatory).get_by_role("link", name="Sign the agreement").click()
    expect(signatory.get_by_role("heading", level=2)).to_have_text("Region Hovedstaden")
    assert_accessible(signatory)
    signatory.get_by_role("button", name="Sign on behalf of Region Hovedstaden").click()
    expect(signatory.get_by_role("status")).to_have_text("The agreement is signed. Thank you.")
    expect(signatory.get_by_role("button", name="Terminate the agreement")).to_be_visible()

    admin = open_page()
    enter(admin, "MitID", "Jens Poulsen")
    in_english(admin)
    menu(admin).get_by_role("link", name="Tutors' access").click()
    expect(admin.get_by_text("Søren Nielsen – Lægehuset Nørrebro")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_role("button", name=re.compile("Withdraw the access of Søren Nielsen")).click()
    expect(admin.get_by_role("status")).to_have_text("The access is withdrawn.")
    admin.get_by_label("Person").select_option(label="Søren Nielsen")
    admin.get_by_label("Practice").select_option(label="Lægehuset Nørrebro")
    admin.get_by_role("button", name="Give access").click()
    expect(admin.get_by_role("status")).to_have_text("The access is granted.")
    expect(admin.get_by_text("Søren Nielsen – Lægehuset Nørrebro")).to_be_visible()
    menu(admin).get_by_role("link", name="People").click()
    assert_accessible(admin)


def test_a_municipality_administrator_creates_a_profile_from_the_register(open_page, portal):
    holder_in_force(portal, "Bergen")
    page = open_page()
    enter(page, "HelseID", "Per Dahl")
    in_english(page)
    menu(page).get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People of Bergen")
    page.get_by_role("link", name="Create a profile from the register").click()
    page.get_by_label("Name").fill("Hansen")
    page.get_by_role("button", name="Search the register").click()
    assert_accessible(page)
    created = page.get_by_role("button", name=re.compile("Create a profile for")).first
    name = created.inner_text().removeprefix("Create a profile for ")
    created.click()
    expect(page.get_by_role("status")).to_have_text("The profile is created.")
    expect(page.get_by_role("row", name=re.compile(name))).to_be_visible()
    assert_accessible(page)


def test_a_doctor_neither_sees_nor_reaches_the_operators_pages(open_page):
    page = open_page()
    enter(page, "HelseID", "Kari Nordmann")
    expect(menu(page).locator("a[href^='/operator']")).to_have_count(0)
    page.goto("/operator/organisations")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(
        "No access to this page|Ingen tilgang til denne siden"))
    assert_accessible(page)
    page.goto("/admin/tutors")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(
        "No access to this page|Ingen tilgang til denne siden"))
