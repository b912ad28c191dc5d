"""What the browser tests share: Debian's Chromium, a page on the running portal, axe.

Every page is checked with axe against the WCAG 2.1 A and AA rules: no violations.
"""
from axe_playwright_python.sync_playwright import Axe

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
