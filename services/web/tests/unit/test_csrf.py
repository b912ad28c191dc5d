"""CSRF tokens: one per session key, unforgeable without the secret."""
import pytest
from flask import Flask

from web.csrf import CsrfRefused, check, token_for

SECRET = b"k" * 48
ORIGIN = "http://localhost:8000"


def test_tokens_differ_per_session_and_per_secret():
    assert token_for(SECRET, "a") != token_for(SECRET, "b")
    assert token_for(SECRET, "a") != token_for(b"other" * 10, "a")
    assert token_for(SECRET, "a") == token_for(SECRET, "a")


@pytest.fixture
def app():
    return Flask(__name__)


def post(app, data=None, headers=None):
    return app.test_request_context("/x", method="POST", data=data or {}, headers=headers or {})


def test_a_safe_method_needs_no_token(app):
    with app.test_request_context("/x", method="GET"):
        check(SECRET, "key", ORIGIN)


def test_the_right_token_in_the_form_or_the_header_passes(app):
    with post(app, {"csrf_token": token_for(SECRET, "key")}):
        check(SECRET, "key", ORIGIN)
    with post(app, headers={"X-CSRF-Token": token_for(SECRET, "key")}):
        check(SECRET, "key", ORIGIN)


@pytest.mark.parametrize("data", [{}, {"csrf_token": ""}, {"csrf_token": "x"},
                                  {"csrf_token": token_for(SECRET, "other-key")}])
def test_a_missing_or_wrong_token_is_refused(app, data):
    with post(app, data), pytest.raises(CsrfRefused):
        check(SECRET, "key", ORIGIN)


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Origin": "null"},
                                     {"Sec-Fetch-Site": "cross-site"}])
def test_a_request_from_another_site_is_refused_even_with_the_token(app, headers):
    with post(app, {"csrf_token": token_for(SECRET, "key")}, headers), \
            pytest.raises(CsrfRefused):
        check(SECRET, "key", ORIGIN)
