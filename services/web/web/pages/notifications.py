"""Notifications: my settings (at once, a daily summary or not at all, per kind of
message), the messages sent to me and how their delivery went, the page behind the
unsubscribe link in a mail (no login), an administrator's failed deliveries with a
retry, and the operator's delivery log. The notifications service decides everything;
these pages read its API and send what the person chose."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from web.api import Problem
from web.auth import login_required, person_token, requires
from web.forms import Form, send_or_show
from web.i18n import LANGUAGE_COOKIE, LANGUAGES, chosen_language
from web.menu import ADMIN_ROLES
from web.pages import public
from web.pages.admin import chosen, holders
from web.parts import parts

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
V1 = "/api/notifications/v1"
ME = "/api/identity/v1/people/me"
CATEGORIES = {"awaiting_approval": _l("Items awaiting your approval"),
              "reminders": _l("Reminders of invitations before they expire"),
              "documents": _l("Decisions on documents you uploaded")}
CHOICES = {"immediate": _l("At once"), "daily_digest": _l("Once a day, in a summary"),
           "off": _l("Not at all")}
OPTIONS = {"awaiting_approval": ("immediate", "daily_digest", "off")}
STATES = {"queued": _l("Waiting to be sent"), "sending": _l("Being sent"),
          "sent": _l("Sent"), "failed": _l("Could not be delivered"),
          "dead_lettered": _l("Given up after several attempts"),
          "suppressed": _l("Not sent (turned off)")}
CHANNELS = {"email": _l("E-mail"), "sms": _l("SMS")}
public.NOTICES.update(settings_saved=_l("Your notification settings are saved."),
                      retry_queued=_l("The message is queued to be sent again."))


def service() -> Any:
    return parts().services["notifications"]


def options(category: str) -> list[tuple[str, Any]]:
    return [(choice, CHOICES[choice]) for choice in OPTIONS.get(category, ("immediate", "off"))]


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings() -> ResponseReturnValue:
    current = service().get(f"{V1}/people/me/preferences", token=person_token) or {}
    if request.method == "GET":
        return _settings_page(Form(dict(current)))
    form = Form.submitted(current)
    return send_or_show(form, lambda: service().request(
        "PUT", f"{V1}/people/me/preferences", person_token, json=form.values),
        url_for("notifications.settings", notice="settings_saved"), _settings_page)


def _settings_page(form: Form) -> str:
    person = parts().services.identity.get(ME, token=person_token) or {}
    categories = [(name, CATEGORIES.get(name, name.replace("_", " ")), options(name))
                  for name in form.values]
    return render_template("notifications/settings.html", form=form, person=person,
                           categories=categories, language_name=LANGUAGES.get(
                               person.get("language") or "", person.get("language")),
                           labels={name: label for name, label, _ in categories})


@bp.get("/")
@login_required
def mine() -> ResponseReturnValue:
    found = service().get(f"{V1}/people/me/notifications", token=person_token)
    return render_template("notifications/mine.html", messages=found, states=STATES,
                           channels=CHANNELS)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> ResponseReturnValue:
    """The page behind the link in a mail: asks, then stops that kind of message. No login:
    the signed link is the permission (it names no person and no address)."""
    link = f"{V1}/unsubscribe-links/{token}"
    try:
        answer = service().request(request.method, link)
    except Problem as problem:
        if problem.status not in (404, 422):
            raise
        return render_template("notifications/unsubscribe.html", invalid=True), 404
    language = _language_of(answer)
    with force_locale(language):
        return render_template("notifications/unsubscribe.html", invalid=False, answer=answer,
                               token=token, language=language, category=CATEGORIES.get(
                                   answer.get("category"), ""))


def _language_of(answer: dict[str, Any]) -> str:
    """The visitor's chosen language, else the mail's (a link opened from a mail client)."""
    if g.visit.session is not None or request.cookies.get(LANGUAGE_COOKIE):
        return chosen_language()
    return str(answer.get("language") if answer.get("language") in LANGUAGES else "en")


@bp.get("/failed")
@requires(*ADMIN_ROLES)
def failed() -> ResponseReturnValue:
    mine_ = holders(*ADMIN_ROLES)
    holder = chosen(mine_)
    found = service().get(f"{V1}/organisations/{holder['organisation_id']}/failed-deliveries",
                          token=person_token)
    return render_template("notifications/failed.html", holders=mine_, holder=holder,
                           deliveries=found, states=STATES, channels=CHANNELS)


@bp.get("/log")
@requires("operator")
def log() -> ResponseReturnValue:
    search = Form.submitted_args(("recipient",))
    query = {"recipient": search.values["recipient"]} if search.values["recipient"] else {}
    found: list[dict[str, Any]] = []
    try:
        found = service().get(f"{V1}/deliveries", token=person_token, **query)
    except Problem as problem:
        if problem.status not in (400, 422):
            raise
        search.refused(problem)
    return render_template("notifications/log.html", search=search, deliveries=found,
                           states=STATES, channels=CHANNELS,
                           labels={"recipient": _l("Recipient's e-mail address")})


@bp.post("/deliveries/<delivery_id>/retry")
@requires("operator", *ADMIN_ROLES)
def retry(delivery_id: str) -> ResponseReturnValue:
    back = request.form.get("back")
    if back not in ("failed", "log"):
        abort(404)
    organisation = request.form.get("organisation") or None
    page = url_for(f"notifications.{back}", organisation=organisation)
    return send_or_show(Form(), lambda: service().post(
        f"{V1}/deliveries/{delivery_id}/retry", token=person_token),
        url_for(f"notifications.{back}", organisation=organisation, notice="retry_queued"),
        lambda refused: render_template("notifications/retry_refused.html", form=refused,
                                        back_url=page))
