"""The browser's session for this request (``g.visit``) and its fresh access token.

Every browser gets a random key in the ``__Host-`` session cookie (Secure, HttpOnly,
SameSite=Lax, Path=/): Lax rather than Strict so that a person arriving from an e-mail
link or coming back from the eID broker is still recognised; CSRF tokens guard every
state-changing request. A key names a stored session only after login; login and
logout give the browser a new key.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn

from flask import Flask, Response, g, request

from web.oidc import IdentityUnavailable, LoginFailed, RefreshRefused
from web.parts import parts
from web.store import StoredSession

SESSION_COOKIE = "__Host-portal-session"
KEY_LENGTH = 43  # secrets.token_urlsafe(32)
EARLY = timedelta(seconds=30)  # refresh this long before the access token expires
LEASE = timedelta(seconds=20)  # the longest one refresh may hold the others off
POLL_SECONDS = 0.05


class LoginRequired(Exception):
    """This page needs a logged-in person, and there is none (or no longer)."""


@dataclass
class Visit:
    key: str
    session: StoredSession | None
    new_key: bool = False
    ended_subject: str | None = None

    @property
    def claims(self) -> dict[str, Any] | None:
        return self.session.claims if self.session else None


def now() -> datetime:
    return datetime.now(UTC)


def new_key() -> str:
    return secrets.token_urlsafe(32)


def open_visit() -> Visit:
    key = request.cookies.get(SESSION_COOKIE, "")
    if len(key) != KEY_LENGTH:
        return Visit(new_key(), None, new_key=True)
    found = parts().store.load(key, now())
    if found is not None and found.ended:
        return Visit(key, None, ended_subject=found.subject)
    return Visit(key, found)


def rotate(session: StoredSession | None = None) -> str:
    """Give the browser a new key (at login and logout): no session survives a change of who."""
    g.visit = Visit(new_key(), session, new_key=True)
    return str(g.visit.key)


def end() -> None:
    visit: Visit = g.visit
    if visit.session is not None:
        parts().store.delete(visit.key)
    rotate()


def access_token(force: bool = False) -> str:
    """A valid access token for this session, refreshed once when needed, whichever replica
    or thread asks: only the request holding the lease presents the refresh token."""
    visit: Visit = g.visit
    seen = visit.session
    if seen is None:
        raise LoginRequired
    first_version, deadline = seen.version, time.monotonic() + LEASE.total_seconds()
    while True:
        if seen.version != first_version or (not force and seen.tokens.expires_at - EARLY > now()):
            visit.session = seen
            return seen.tokens.access_token
        if parts().store.take_lease(visit.key, seen.version, now(), now() + LEASE):
            return _refresh(visit, seen)
        if time.monotonic() > deadline:
            raise IdentityUnavailable("another request holds the refresh lease")
        time.sleep(POLL_SECONDS)
        seen = _reload(visit)


def _refresh(visit: Visit, seen: StoredSession) -> str:
    store = parts().store
    if not seen.tokens.refresh_token:
        _ended(visit, seen)
    try:
        tokens, claims = parts().identity.refresh(seen.tokens.refresh_token or "",
                                                  seen.tokens.id_token)
    except (RefreshRefused, LoginFailed):  # refused, or answered with a token we cannot trust
        _ended(visit, seen)
    except BaseException:
        store.release_lease(visit.key, seen.version)
        raise
    store.store_refreshed(visit.key, seen.version, tokens, claims)
    _reload(visit)
    return tokens.access_token


def _reload(visit: Visit) -> StoredSession:
    found = parts().store.load(visit.key, now())
    if found is None or found.ended:
        visit.session = None
        raise LoginRequired
    visit.session = found
    return found


def _ended(visit: Visit, seen: StoredSession) -> NoReturn:
    parts().store.delete(visit.key)
    visit.session, visit.ended_subject = None, seen.subject
    raise LoginRequired


def init_app(app: Flask) -> None:
    @app.before_request
    def visit() -> None:
        g.visit = Visit(new_key(), None, new_key=True) if _is_probe() else open_visit()

    @app.after_request
    def cookie(response: Response) -> Response:
        visit: Visit | None = g.get("visit")
        if visit is not None and visit.new_key and not _is_probe():
            response.set_cookie(SESSION_COOKIE, visit.key, secure=True, httponly=True,
                                samesite="Lax", path="/")
        response.vary.add("Cookie")
        return response


def _is_probe() -> bool:
    return request.path.startswith(("/health/", "/metrics", "/static/"))
