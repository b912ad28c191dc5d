"""What anyone sees in a browser: accessible pages, keyboard use, languages, the agreement
list with and without JavaScript, a phone screen, and the abuse a stranger can try."""
import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

from browsing import assert_accessible
from e2e_portal import organisation_number

PUBLIC_PAGES = ["/", "/agreements", "/accessibility", "/login", "/login?reason=expired",
                "/no-access", "/nowhere"]


@pytest.fixture(scope="module")
def municipality(portal):
    """A registered municipality with a name that tries to be HTML, its agreement signed."""
    operator = portal.operator()
    name = f"<script>alert('x')</script> Fjell{uuid.uuid4().hex[:6]} kommune"
    registered = requests.post(f"{portal.url}/api/identity/v1/organisations", headers=operator, json={
        "name": name, "kind": "municipality", "country": "NO",
        "organisation_number": organisation_number(),
        "contact_email": "post@fjell.kommune.no"}, timeout=10)
    assert registered.status_code == 201, registered.text
    org = registered.json()
    requests.post(f"{portal.url}/api/identity/v1/organisations/{org['id']}/agreement/sign",
                  headers=operator, json={"signatory_name": "Ordfører"},
                  timeout=10).raise_for_status()
    return name


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_passes_axe(page, path):
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/agreements"])
def test_every_public_page_passes_axe_on_a_phone_and_has_no_sideways_scroll(open_page, path):
    phone = open_page(viewport={"width": 360, "height": 740},
                     is_mobile=True, has_touch=True)
    phone.goto(path)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)


def test_the_first_tab_reaches_the_skip_link_and_it_moves_to_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main" and page.locator(".ds-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_focus_is_visible_on_links_and_buttons(page):
    page.goto("/")
    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none")


def test_the_language_switch_changes_every_page_and_stays_chosen(page):
    page.goto("/accessibility")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Dansk").click()
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.url.endswith("/accessibility")
    assert page.get_by_role("heading", level=1).inner_text() == "Tilgængelighedserklæring"
    page.goto("/")
    assert page.get_by_role("link", name="Log ind med MitID").is_visible()
    page.get_by_role("button", name="Norsk bokmål").click()
    assert page.get_by_role("link", name="Logg inn med HelseID").is_visible()
    assert_accessible(page)


def test_the_agreement_list_shows_names_escaped_and_searches_as_one_types(
        page, municipality):
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
    page.goto("/agreements")
    assert page.get_by_role("row", name=municipality).is_visible()
    page.get_by_label("Search by name").fill(municipality.split()[-2])
    expect(page.locator("#result-count")).to_have_text("1 agreement holder found")
    expect(page).to_have_url(re.compile(rf"/agreements\?q={municipality.split()[-2]}&"))
    assert page.get_by_role("row").count() == 2 and dialogs == []
    assert_accessible(page)


def test_the_agreement_list_works_without_javascript(open_page, municipality):
    plain = open_page(java_script_enabled=False)
    plain.goto("/agreements")
    plain.get_by_label("Search by name").fill(municipality.split()[-2])
    plain.get_by_label("Status").select_option("signed")
    plain.get_by_role("button", name="Search").click()
    assert "status=signed" in plain.url
    assert plain.locator("#result-count").inner_text() == "1 agreement holder found"


def test_a_form_without_its_csrf_token_is_refused_with_a_page_that_explains(page):
    page.goto("/")
    page.evaluate("document.querySelectorAll('input[name=csrf_token]')"
                  ".forEach(input => input.remove())")
    page.get_by_role("button", name="Dansk").click()
    assert page.get_by_role("heading", level=1).inner_text() == "The form could not be sent"
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def test_a_form_with_a_wrong_csrf_token_is_refused(page):
    page.goto("/")
    page.evaluate("document.querySelector('input[name=csrf_token]').value = '0'.repeat(64)")
    page.get_by_role("button", name="Dansk").click()
    assert page.get_by_role("heading", level=1).inner_text() == "The form could not be sent"


def test_a_form_posted_from_another_site_is_refused(page, portal):
    page.set_content(f"""<form method="post" action="{portal.public_url}/language">
        <input name="language" value="da"><button>go</button></form>""")
    page.get_by_role("button", name="go").click()
    assert page.get_by_role("heading", level=1).inner_text() == "The form could not be sent"


def test_a_return_to_elsewhere_is_not_offered_to_the_login(page):
    page.goto("/login?return_to=//evil.example/phish")
    for link in page.get_by_role("link", name="Log in with").all():
        assert "evil" not in (link.get_attribute("href") or "")
