"""Pages anyone may see: the landing page, agreement status, accessibility, language."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from web.i18n import LANGUAGE_COOKIE, LANGUAGES
from web.menu import menu_for, registration_pending
from web.parts import parts
from web.security import safe_return_to

bp = Blueprint("public", __name__)
NOTICES = {"logged_out": _l("You are logged out."),
           "registered": _l("Welcome! You are registered."),
           "profile_saved": _l("Your profile is saved."), "saved": _l("Saved."),
           "published": _l("The new agreement text is published."),
           "signed": _l("The agreement is signed. Thank you."),
           "terminated": _l("The termination is recorded."),
           "granted": _l("The access is granted."), "withdrawn": _l("The access is withdrawn."),
           "created": _l("The profile is created.")}
STATUSES = {"signed": _l("Signed"), "not_signed": _l("Not signed"),
            "terminated": _l("Terminated")}
COUNTRIES = {"NO": _l("Norway"), "DK": _l("Denmark")}
KINDS = {"municipality": _l("Municipality"), "region": _l("Region"),
         "health_trust": _l("Health trust"), "operator": _l("Operator")}


@bp.get("/")
def home() -> ResponseReturnValue:
    claims = g.visit.claims
    if registration_pending(claims):
        return redirect(url_for("account.registration"))
    if claims is None:
        return render_template("public/landing.html")
    items = [item for item in menu_for(claims) if item.endpoint != "public.home"
             and item.endpoint in current_app.view_functions]
    return render_template("public/home.html", items=items)


@bp.get("/agreements")
def agreements() -> str:
    query = {"q": request.args.get("q", "").strip()[:200],
             "country": request.args.get("country", ""), "status": request.args.get("status", "")}
    found = [row for row in parts().services.identity.get("/api/identity/v1/agreements")
             if _matches(row, query)]
    found.sort(key=lambda row: str(row.get("name", "")).casefold())
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request")
    template = "public/agreements_results.html" if partial else "public/agreements.html"
    return render_template(template, rows=found, query=query, statuses=_translated(STATUSES),
                           countries=_translated(COUNTRIES), kinds=_translated(KINDS))


def _translated(labels: dict[str, Any]) -> dict[str, str]:
    """Each lazy label translated once per page, not once per row it appears in."""
    return {key: str(label) for key, label in labels.items()}


def _matches(row: dict[str, Any], query: dict[str, str]) -> bool:
    return (query["q"].casefold() in str(row.get("name", "")).casefold()
            and (not query["country"] or row.get("country") == query["country"])
            and (not query["status"] or row.get("status") == query["status"]))


@bp.get("/accessibility")
def accessibility() -> str:
    return render_template("public/accessibility.html")


@bp.post("/language")
def language() -> ResponseReturnValue:
    """Switch the page language: for this session, and remembered in this browser."""
    chosen = request.form.get("language", "")
    back = safe_return_to(request.form.get("return_to"))
    response = redirect(back, 303)
    if chosen in LANGUAGES:
        if g.visit.session is not None:
            parts().store.set_language(g.visit.key, chosen)
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, secure=True,
                            httponly=True, samesite="Lax", path="/")
    return response
