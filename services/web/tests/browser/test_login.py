"""Logging in through the development eID provider, registering, the profile and logging out,
as a person does it in the browser; every page on the way checked with axe."""
import re

from playwright.sync_api import expect

from browsing import assert_accessible, enter, log_in, register


def test_a_doctor_logs_in_with_helseid_registers_and_sees_their_menu(open_page):
    page = open_page()
    log_in(page, "HelseID", "Kari Nordmann")
    # her profile's language (Norwegian, as identity knows her) wins over the browser's
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer deg som ny bruker")
    expect(page.get_by_label("Fornavn")).to_have_value("Kari")
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register as a new user")
    register(page, "not-an-address")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#f-email-error")).to_contain_text("name@example.no")
    expect(page.get_by_label("Given name")).to_have_value("Kari")
    assert_accessible(page)
    register(page, "kari.nordmann@browser.example")
    expect(page.get_by_role("status")).to_have_text("Welcome! You are registered.")
    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_role("link", name="My profile")).to_be_visible()
    expect(menu.get_by_role("link", name="Organisations")).to_have_count(0)
    assert_accessible(page)


def test_the_profile_changes_contact_data_and_the_language(open_page):
    page = open_page()
    enter(page, "HelseID", "Per Dahl")
    page.locator("nav a[href='/profile']").click()
    expect(page.get_by_label("E-post")).to_have_value("per.dahl@browser.example")
    assert_accessible(page)
    page.get_by_label("Mobiltelefon").fill("+47 400 00 001")
    page.locator("#f-language").select_option("en")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_have_text("Your profile is saved.")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_label("Mobile phone")).to_have_value("+47 400 00 001")
    assert_accessible(page)


def test_logging_out_ends_the_session_at_identity_and_here(open_page):
    page = open_page()
    enter(page, "MitID", "Søren Nielsen")
    cookies = page.context.cookies()
    page.locator("form[action='/auth/logout'] button").click()
    expect(page.locator("a[href^='/auth/login?eid=nemlogin']")).to_be_visible()
    expect(page.get_by_role("status")).to_be_visible()
    stale = open_page()
    stale.context.add_cookies(cookies)
    stale.goto("/profile")
    expect(stale).to_have_url(re.compile(r"/login\?return_to=%2Fprofile"))


def test_someone_the_portal_does_not_know_is_told_how_to_get_access(open_page):
    page = open_page()
    log_in(page, "HelseID", "Ukjent")
    expect(page).to_have_url(re.compile(r"/no-access$"))
    expect(page.get_by_role("heading", level=2)).to_have_text("How you get access")
    assert_accessible(page)


def test_a_danish_doctor_logs_in_with_mitid_in_danish(open_page):
    page = open_page(locale="da-DK")
    log_in(page, "MitID", "Mette Jensen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer dig som ny bruger")
    assert page.locator("html").get_attribute("lang") == "da"
    assert_accessible(page)


def test_the_page_asked_for_is_where_the_person_lands_after_login(open_page):
    page = open_page()
    page.goto("/profile")
    expect(page).to_have_url(re.compile(r"/login\?return_to=%2Fprofile"))
    enter(page, "MitID", "Lone Mortensen", start=None)
    expect(page).to_have_url(re.compile(r"/profile$"))
