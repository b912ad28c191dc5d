"""A person's own pages: registration at first login, "no access yet", my profile."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from web import sessions
from web.api import Problem
from web.auth import login_required, person_token
from web.forms import Form, prefilled
from web.i18n import TIME_ZONES, chosen_language
from web.menu import registration_pending
from web.parts import parts
from web.security import safe_return_to
from web.sessions import LoginRequired

bp = Blueprint("account", __name__)
REGISTRATION = "/api/identity/v1/registration"
ME = "/api/identity/v1/people/me"
LABELS = {"given_name": _l("Given name"), "family_name": _l("Family name"),
          "email": _l("E-mail"), "mobile": _l("Mobile phone"), "language": _l("Language"),
          "time_zone": _l("Time zone")}
REGISTRATION_FIELDS = ("given_name", "family_name", "email", "mobile", "language")
PROFILE_FIELDS = ("email", "mobile", "language", "time_zone")
FIELD_OF_CODE = {"email_taken": "email"}


@bp.route("/registration", methods=["GET", "POST"])
def registration() -> ResponseReturnValue:
    """The form at first login (with identity's registration-limited token)."""
    if g.visit.claims is None:
        raise LoginRequired
    return_to = safe_return_to(request.args.get("return_to"))
    if not registration_pending(g.visit.claims):
        return redirect(return_to)
    identity = parts().services.identity
    known = identity.get(REGISTRATION, token=person_token) or {}
    if request.method == "GET":
        form = prefilled({"given_name": known.get("given_name"),
                          "family_name": known.get("family_name"), "email": known.get("email"),
                          "mobile": known.get("mobile"), "language": chosen_language()})
        return _registration_page(form, known, return_to)
    form = Form.submitted(REGISTRATION_FIELDS)
    try:
        identity.post(REGISTRATION, _filled(form.values), token=person_token)
    except Problem as problem:
        if problem.status not in (400, 409, 422):
            raise
        return _registration_page(_refused(form, problem), known, return_to), 422
    sessions.access_token(force=True)  # the next token is the full one
    if return_to == "/":
        return redirect(url_for("public.home", notice="registered"), 303)
    return redirect(return_to, 303)


def _registration_page(form: Form, known: dict, return_to: str) -> str:
    return render_template("account/registration.html", form=form, known=known, labels=LABELS,
                           return_to=return_to)


@bp.get("/no-access")
def no_access() -> str:
    return render_template("account/no_access.html")


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile() -> ResponseReturnValue:
    identity = parts().services.identity
    person = identity.get(ME, token=person_token) or {}
    if request.method == "GET":
        return _profile_page(prefilled({name: person.get(name) for name in PROFILE_FIELDS}),
                             person)
    form = Form.submitted(PROFILE_FIELDS)
    try:
        identity.patch(ME, _filled(form.values), token=person_token)
    except Problem as problem:
        if problem.status not in (400, 409, 422):
            raise
        return _profile_page(_refused(form, problem), person), 422
    if form.values.get("language"):
        parts().store.set_language(g.visit.key, form.values["language"])
    return redirect(url_for("account.profile", notice="profile_saved"), 303)


def _profile_page(form: Form, person: dict) -> str:
    zones = [(zone, zone) for zone in sorted(set(TIME_ZONES.values()))]
    return render_template("account/profile.html", form=form, person=person, labels=LABELS,
                           time_zones=zones)


def _filled(values: dict[str, str]) -> dict[str, str | None]:
    """What the person sent; an emptied optional field is sent as null (cleared)."""
    return {name: value or None for name, value in values.items()}


def _refused(form: Form, problem: Problem) -> Form:
    form.refused(problem)
    if problem.code in FIELD_OF_CODE:
        form.error(FIELD_OF_CODE[problem.code], form.message or "")
    return form
