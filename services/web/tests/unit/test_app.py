"""The app's envelope: security headers, the session cookie, probes, correlation ids."""
import re
from pathlib import Path

import pytest

from portal_kit.migrations import upgrade
from web.app import create_app
from web.security import CSP
from web.sessions import SESSION_COOKIE
from web_testing import Browser, settings_for, text

WEB = Path(__file__).resolve().parents[2]
PAGES = ["/", "/login", "/accessibility", "/no-access", "/login?reason=expired", "/nowhere"]


@pytest.fixture
def app(tmp_path):
    url = f"sqlite:///{tmp_path}/web.db"
    upgrade(WEB, url)
    return create_app(settings_for(url))


@pytest.fixture
def browser(app):
    return Browser(app)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_policy_and_no_inline_code(browser, path):
    answer = browser.get(path)
    assert answer.headers["Content-Security-Policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Cache-Control"] == "no-store"
    page = text(answer)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script"
    assert not re.search(r"\sstyle=|\son[a-z]+=|hx-on|js:", page), "inline style or handler"
    assert re.search(r'<html lang="(nb|da|en)"', page)
    assert 'class="ds-skip-link" href="#main"' in page and 'id="main"' in page


def test_the_session_cookie_is_host_only_secure_httponly_and_lax(browser):
    cookie = browser.get("/").headers["Set-Cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert {"Secure", "HttpOnly", "Path=/", "SameSite=Lax"} <= set(cookie.split("; "))
    assert "Domain=" not in cookie and "Expires" not in cookie


def test_a_malformed_session_cookie_is_replaced(browser):
    browser.client.set_cookie(SESSION_COOKIE, "not-a-key", domain="localhost", secure=True)
    browser.get("/")
    assert browser.cookie(SESSION_COOKIE) != "not-a-key"


def test_probes_answer_and_set_no_cookie(browser):
    live, ready = browser.get("/health/live"), browser.get("/health/ready")
    assert live.json == {"status": "ok"} and ready.json["database"] == "ok"
    assert "Set-Cookie" not in live.headers and "Set-Cookie" not in ready.headers


def test_metrics_count_the_web_front_ends_requests(browser):
    browser.get("/accessibility")
    metrics = text(browser.get("/metrics"))
    assert re.search(r'portal_http_requests_total\{.*route="/accessibility".*service="web"'
                     r'.*status="200".*\} [1-9]', metrics)


def test_a_sane_correlation_id_is_kept_and_a_strange_one_replaced(browser):
    assert browser.get("/", headers={"X-Correlation-Id": "abc-123"}).headers[
        "X-Correlation-Id"] == "abc-123"
    replaced = browser.get("/", headers={"X-Correlation-Id": "<script>"}).headers[
        "X-Correlation-Id"]
    assert replaced != "<script>" and len(replaced) == 36


def test_an_unknown_page_is_a_page_not_a_stack_trace(browser):
    answer = browser.get("/nowhere")
    assert answer.status_code == 404 and "Page not found" in text(answer)


def test_static_files_are_served_with_a_content_hash(browser):
    page = text(browser.get("/"))
    css = re.search(r'href="(/static/dist/portal.css\?v=[0-9a-f]{12})"', page).group(1)
    assert browser.get(css).status_code == 200
    assert re.search(r'src="/static/dist/htmx.min.js\?v=[0-9a-f]{12}" defer', page)


@pytest.mark.parametrize(("header", "language", "phrase"), [
    ("nb-NO,nb;q=0.9", "nb", "Logg inn med HelseID"), ("no", "nb", "Logg inn med MitID"),
    ("da-DK,da;q=0.9,en;q=0.5", "da", "Log ind med MitID"), ("de-DE", "en", "Log in with MitID"),
])
def test_the_browsers_language_is_used_until_the_person_chooses(browser, header, language,
                                                                 phrase):
    page = text(browser.get("/", headers={"Accept-Language": header}))
    assert f'<html lang="{language}"' in page and phrase in page


def test_the_language_can_be_switched_on_any_page_and_stays_chosen(browser):
    browser.get("/accessibility", headers={"Accept-Language": "nb"})
    switched = browser.post("/language", {"language": "da", "return_to": "/accessibility"})
    assert switched.status_code == 303 and switched.headers["Location"] == "/accessibility"
    page = text(browser.get("/accessibility", headers={"Accept-Language": "nb"}))
    assert '<html lang="da"' in page and "Tilgængelighedserklæring" in page


def test_the_switch_does_not_send_the_browser_elsewhere(browser):
    browser.get("/")
    switched = browser.post("/language", {"language": "da", "return_to": "https://evil.example"})
    assert switched.headers["Location"] == "/"


def test_an_unknown_language_changes_nothing(browser):
    browser.get("/")
    browser.post("/language", {"language": "xx"})
    assert '<html lang="en"' in text(browser.get("/"))
