"""Logging in and out: the round trip to identity (and through it the eID broker).

``/auth/login`` remembers the round trip (state, nonce, PKCE verifier, where to return)
in a login transaction named by a short-lived SameSite=Lax cookie, so it survives the
cross-site return from the broker; ``/auth/callback`` takes that transaction once,
checks ``state``, exchanges the code, checks the ID token and starts a new session;
``/auth/logout`` revokes the refresh token at identity and forgets the session.
"""
from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from web import sessions
from web.i18n import chosen_language
from web.menu import registration_pending, roles_of
from web.oidc import IdentityUnavailable, LoginFailed
from web.parts import parts
from web.security import safe_return_to
from web.sessions import LoginRequired, new_key, now
from web.store import LoginTransaction

LOGIN_COOKIE = "__Host-portal-login"
LOGIN_SECONDS = 600
BROKERS = {"helseid": _l("Log in with HelseID"), "nemlogin": _l("Log in with MitID")}
BROKER_COUNTRIES = {"helseid": _l("Norway"), "nemlogin": _l("Denmark")}
TICKET = re.compile(r"^[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+$")
log = logging.getLogger("web.auth")
bp = Blueprint("auth", __name__)
View = TypeVar("View", bound=Callable[..., Any])


def person_token(force: bool) -> str:
    """The TokenSource pages give the service clients: this person's access token."""
    return sessions.access_token(force)


def login_required(view: View) -> View:
    """A page for a logged-in, registered person (a registration-limited token registers)."""
    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        claims = g.visit.claims
        if claims is None:
            raise LoginRequired
        if registration_pending(claims):
            return redirect(url_for("account.registration"))
        return view(*args, **kwargs)
    return guarded  # type: ignore[return-value]


def requires(*roles: str) -> Callable[[View], View]:
    """A page for people with any of these roles (from the token's roles or memberships)."""
    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not roles_of(g.visit.claims) & set(roles):
                abort(403)
            return view(*args, **kwargs)
        return login_required(guarded)  # type: ignore[return-value]
    return decorator


@bp.get("/login")
def login_page() -> str:
    return render_template("auth/login.html",
                           return_to=safe_return_to(request.args.get("return_to")),
                           expired=request.args.get("reason") == "expired")


@bp.get("/auth/login")
def start() -> ResponseReturnValue:
    eid = request.args.get("eid") if request.args.get("eid") in BROKERS else None
    ticket = request.args.get("registration_ticket", "")
    found = parts().identity.authorization(
        eid=eid or "", ui_locales=chosen_language(),
        registration_ticket=ticket if len(ticket) < 4000 and TICKET.match(ticket) else "")
    key = new_key()
    parts().logins.start(key, LoginTransaction(
        found.state, found.nonce, found.code_verifier,
        safe_return_to(request.args.get("return_to")), eid), now())
    response = redirect(found.url, 303)
    response.set_cookie(LOGIN_COOKIE, key, max_age=LOGIN_SECONDS, secure=True, httponly=True,
                        samesite="Lax", path="/")
    return response


@bp.get("/auth/callback")
def callback() -> ResponseReturnValue:
    key = request.cookies.get(LOGIN_COOKIE, "")
    transaction = parts().logins.take(key, now()) if key else None
    if transaction is None or not hmac.compare_digest(
            request.args.get("state", "").encode(), transaction.state.encode()):
        return _forget(render_template("auth/failed.html", reason="expired"), 400)
    if request.args.get("error"):
        if request.args.get("error_description") == "no_access":
            return _forget(redirect(url_for("account.no_access"), 303))
        return _forget(render_template("auth/failed.html", reason="refused"), 400)
    try:
        login = parts().identity.finish_login(request.args.get("code", ""),
                                              transaction.code_verifier, transaction.nonce)
        if login.id_claims.get("sub") != login.claims.get("sub"):
            raise LoginFailed("the ID token and the access token name different people")
    except LoginFailed as failure:
        log.warning("login failed: %s", failure)
        return _forget(render_template("auth/failed.html", reason="refused"), 400)
    key = sessions.rotate()
    parts().store.create(key, str(login.claims["sub"]), login.tokens, login.claims, now(),
                         eid=transaction.eid)
    g.visit.session = parts().store.load(key, now())
    if registration_pending(login.claims):
        return _forget(redirect(url_for("account.registration",
                                        return_to=transaction.return_to), 303))
    return _forget(redirect(transaction.return_to, 303))


@bp.post("/auth/logout")
def logout() -> ResponseReturnValue:
    session = g.visit.session
    if session is not None and session.tokens.refresh_token:
        try:
            parts().identity.revoke(session.tokens.refresh_token)
        except (IdentityUnavailable, LoginFailed) as failure:  # our copy goes all the same
            log.warning("could not revoke the refresh token at logout: %s", failure)
    sessions.end()
    return redirect(url_for("public.home", notice="logged_out"), 303)


def _forget(response: Any, status: int | None = None) -> Any:
    """Clear the login transaction cookie on every way out of the callback."""
    answer = Response(response, status=status) if status else response
    answer.delete_cookie(LOGIN_COOKIE, secure=True, httponly=True, samesite="Lax", path="/")
    return answer
