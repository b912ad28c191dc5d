"""CSRF tokens: every state-changing request carries one (form field or htmx header).

The token is an HMAC of the browser's session key under the front end's secret (the
signed double-submit pattern): it needs no storage, differs for every session, changes
at login and logout, and cannot be made without the secret. Requests whose ``Origin``
or ``Sec-Fetch-Site`` says they come from another site are refused as well.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, request

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"


View = TypeVar("View", bound=Callable[..., Any])


class CsrfRefused(Exception):
    """A state-changing request without the right token, or from another site."""


def in_streamed_body(view: View) -> View:
    """For a page that reads its (file) form as it arrives: the token is its first field, so
    the check before the request only looks at where it comes from, and the page calls
    ``verify`` with the token once it has read it."""
    view.csrf_in_body = True  # type: ignore[attr-defined]
    return view


def verify(sent: str | None) -> None:
    expected = token_for(current_app.config["CSRF_SECRET"], g.visit.key)
    if not hmac.compare_digest((sent or "").encode(), expected.encode()):
        raise CsrfRefused("missing or wrong CSRF token")


def token_for(secret: bytes, session_key: str) -> str:
    return hmac.new(secret, b"csrf:" + session_key.encode(), hashlib.sha256).hexdigest()


def check(secret: bytes, session_key: str, public_origin: str) -> None:
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise CsrfRefused("cross-site request")
    origin = request.headers.get("Origin")
    if origin and origin != public_origin:
        raise CsrfRefused(f"request from {origin}")
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "csrf_in_body", False):
        return
    sent = request.headers.get(HEADER) or request.form.get(FIELD) or ""
    if not hmac.compare_digest(sent.encode(), token_for(secret, session_key).encode()):
        raise CsrfRefused("missing or wrong CSRF token")


def init_app(app: Flask, secret: bytes, public_origin: str) -> None:
    app.config["CSRF_SECRET"] = secret
    @app.before_request
    def require_token() -> None:
        check(secret, g.visit.key, public_origin)

    @app.context_processor
    def token() -> dict[str, str]:
        return {"csrf_token": token_for(secret, g.visit.key) if "visit" in g else ""}
