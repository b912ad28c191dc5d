"""Browser tests: Debian's Chromium, driven by Playwright, against the whole running portal
(deploy/run.py on fresh PostgreSQL databases and a fresh vhost, as tests/e2e starts it).

A failing test leaves a full-page screenshot in ``build/browser-screenshots/`` (or the
folder named by ``PORTAL_SCREENSHOTS``).
"""
import os
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from browsing import ARGS, CHROMIUM, new_page

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from e2e_portal import running_portal  # noqa: E402

SCREENSHOTS = Path(os.environ.get("PORTAL_SCREENSHOTS", ROOT / "build" / "browser-screenshots"))


def pytest_collection_modifyitems(items):
    """One portal serves every browser test, so a story that builds on the seeded people's
    first steps (their first login and registration, a region's signature: tests of their
    own) declares ``AFTER_FIRST_STEPS = True`` and runs after the others of this folder."""
    here = [i for i, item in enumerate(items) if Path(item.path).parent == Path(__file__).parent]
    ordered = sorted((items[i] for i in here),
                     key=lambda item: getattr(item.module, "AFTER_FIRST_STEPS", False))
    for i, item in zip(here, ordered, strict=True):
        items[i] = item


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_in_call = report.failed


@pytest.fixture(scope="package")
def portal(postgres_admin_url, rabbit, tmp_path_factory):
    with running_portal(postgres_admin_url, rabbit, tmp_path_factory.mktemp("portal")) as found:
        yield found


@pytest.fixture(scope="package")
def chromium(portal):
    """The browser, started after the portal and closed before it stops.

    Playwright is left running until the test process ends (its driver exits when our end
    of its pipe closes): ``Playwright.stop()`` awaits the driver's exit through asyncio's
    child watcher, which never wakes under eventlet's monkey-patching (every test process
    here is patched, see the root conftest.py), so calling it would hang.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield browser
    browser.close()


@pytest.fixture
def open_page(chromium, portal, request):
    """``open_page(**context options)``: a page in a browser context of its own; every page
    opened is screenshotted if the test fails, and closed after it."""
    opened = []

    def open_one(**options):
        opened.append(new_page(chromium, portal, **options))
        return opened[-1]

    yield open_one
    for number, found in enumerate(opened):
        if getattr(request.node, "failed_in_call", False):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            found.screenshot(path=SCREENSHOTS / f"{request.node.name}-{number}.png",
                             full_page=True)
        found.context.close()


@pytest.fixture
def page(open_page):
    return open_page()
