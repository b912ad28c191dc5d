"""What the browser tests share: Debian's Chromium, a page on the running portal, axe.

Every page is checked with axe against the WCAG 2.1 A and AA rules: no violations.
Waits go through ``expect`` (it polls): ``page.wait_for_url`` never returns under eventlet's
monkey-patching, which every test process here has.
"""
import re

import requests
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def new_page(chromium, portal, **options):
    """A page in a fresh browser context (its own cookies) on the portal's public origin."""
    context = chromium.new_context(base_url=portal.public_url, **{"locale": "en-GB", **options})
    context.set_default_timeout(15_000)
    return context.new_page()


def violations(page) -> list[str]:
    """What axe finds wrong on the page as it is now, one line per rule and element."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA},
                                      "resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {node['target']} {v['help']}"
            for v in results.response["violations"] for node in v["nodes"]]


def assert_accessible(page) -> None:
    found = violations(page)
    assert found == [], f"{page.url}:\n" + "\n".join(found)


def log_in(page, broker: str, person: str, button: str = "", start: str | None = "/") -> None:
    """From ``start`` (or the page shown), through identity and the development eID provider
    as ``person`` (the start of their name), back to whatever portal page follows."""
    if start:
        page.goto(start)
    page.get_by_role("link", name=re.compile(rf"(Log in with|Logg inn med|Log ind med) {broker}")
                     ).first.click()
    page.get_by_role("button", name=re.compile(
        rf"^({button or 'Log in as|Logg inn som|Log ind som'}) {person}")).click()
    expect(page.locator("a.ds-skip-link")).to_be_attached()  # a portal page again


def register(page, email: str) -> None:
    """Fill in the registration form, whatever the page's language."""
    page.locator("#f-email").fill(email)
    page.locator("#f-mobile").fill("+47 912 34 567")
    page.locator("main button[type=submit]").click()


def enter(page, broker: str, person: str, start: str | None = "/") -> None:
    """Log in as ``person``, registering first if this is their first login."""
    log_in(page, broker, person, start=start)
    if "/registration" in page.url:
        register(page, re.sub(r"[^a-z]+", ".", person.lower()) + "@browser.example")
        expect(page.locator("#f-given_name")).to_have_count(0)


IDENTITY_API = "/api/identity/v1"


def in_english(page) -> None:
    page.get_by_role("button", name="English").click()


def holder_in_force(portal, name: str, signatory: str = "Ordfører") -> str:
    """The id of the agreement holder of that name, its agreement signed on paper by the
    operator if need be (an administrator's membership counts only while it is in force)."""
    row = next(r for r in requests.get(f"{portal.url}{IDENTITY_API}/agreements",
                                       timeout=10).json() if r["name"] == name)
    if row["status"] != "signed":
        requests.post(f"{portal.url}{IDENTITY_API}/organisations/{row['organisation_id']}"
                      "/agreement/sign", headers=portal.operator(),
                      json={"signatory_name": signatory}, timeout=10).raise_for_status()
    return row["organisation_id"]


def region_in_force(portal) -> str:
    """Region Hovedstaden's id, its agreement signed on paper by the operator if need be."""
    return holder_in_force(portal, "Region Hovedstaden", "Regionsrådsformand")


def person_named(portal, holder_id: str, given: str, family: str) -> str:
    """The id of the person of that name among the holder's people."""
    people = requests.get(f"{portal.url}{IDENTITY_API}/organisations/{holder_id}/people",
                          headers=portal.operator(), timeout=10).json()
    return next(p["id"] for p in people if (p["given_name"], p["family_name"]) == (given, family))
