"""CSRF tokens: every state-changing request carries one (form field or htmx header).

The token is an HMAC of the browser's session key under the front end's secret (the
signed double-submit pattern): it needs no storage, differs for every session, changes
at login and logout, and cannot be made without the secret. Requests whose ``Origin``
or ``Sec-Fetch-Site`` says they come from another site are refused as well.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import Flask, g, request

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"


class CsrfRefused(Exception):
    """A state-changing request without the right token, or from another site."""


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
    sent = request.headers.get(HEADER) or request.form.get(FIELD) or ""
    if not hmac.compare_digest(sent.encode(), token_for(secret, session_key).encode()):
        raise CsrfRefused("missing or wrong CSRF token")


def init_app(app: Flask, secret: bytes, public_origin: str) -> None:
    @app.before_request
    def require_token() -> None:
        check(secret, g.visit.key, public_origin)

    @app.context_processor
    def token() -> dict[str, str]:
        return {"csrf_token": token_for(secret, g.visit.key) if "visit" in g else ""}
