"""The team area: a LIS1 doctor's team (invite the leader, the advisor and supervisors,
resend, revoke), the page behind the invitation e-mail's link, and whom a person assesses.
The Danish tutor's vejledere are in ``team_vejledere`` (the same blueprint)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from web.api import Problem
from web.auth import login_required, person_token
from web.forms import Form
from web.i18n import LANGUAGES
from web.pages import public
from web.parts import parts

bp = Blueprint("team", __name__)
V1 = "/api/invitations/v1"
ROLES = {"leader": _l("Leader"), "advisor": _l("Advisor (veileder)"),
         "supervisor": _l("Supervisor"), "vejleder": _l("Vejleder"), "tutor": _l("Tutor")}
ROLE_HELP = {"leader": _l("Exactly one. Approves your learning objectives."),
             "advisor": _l("Exactly one. Your mentor, who recommends approval."),
             "supervisor": _l("At least one. Supervises your work and recommends approval.")}
STATES = {"pending": _l("Waiting for an answer"), "accepted": _l("Accepted"),
          "revoked": _l("Withdrawn"), "expired": _l("Expired")}
LABELS = {"role": _l("Role"), "email": _l("E-mail"), "language": _l("Language of the e-mail")}
INVITE_FIELDS = ("role", "email", "language")
REFUSALS = (400, 403, 409, 422)
FIELD_OF_CODE = {"invitation_pending": "role"}
CODE_TEXT = {
    "invitation_pending": _l("An invitation for this role (or to this address) is waiting "
                             "for an answer already: resend or withdraw it first."),
    "no_current_placement": _l("You have no current LIS1 placement, so there is no team to "
                               "invite into yet."),
    "invitation_not_pending": _l("This invitation has been answered, withdrawn or has "
                                 "expired, so it cannot be changed any more."),
}
public.NOTICES.update({
    "invited": _l("The invitation is sent."), "resent": _l("The invitation is sent again "
                                                           "with a new link."),
    "revoked": _l("The invitation is withdrawn."),
    "appointed": _l("The vejleder is appointed."), "changed": _l("The appointment is changed."),
    "ended": _l("The appointment has ended.")})


def invitations() -> Any:
    return parts().services["invitations"]


Fields = Mapping[str, str | tuple[str, ...]]


def refused(form: Form, problem: Problem, fields: Fields = FIELD_OF_CODE,
            texts: Mapping[str, Any] = CODE_TEXT) -> Form:
    """The service's reasons, in words, next to the field (or fields) each concerns."""
    form.refused(problem)
    if problem.code in texts:  # our own words say it: the service's English detail goes
        form.message, form.detail = str(texts[problem.code]), None
    names = fields.get(problem.code, ())
    if names:
        form.errors = {name: [form.message or ""]
                       for name in ((names,) if isinstance(names, str) else names)}
    return form


def send(form: Form, call: Callable[[], Any], then: str, show: Callable[[Form], str],
         fields: Fields = FIELD_OF_CODE,
         texts: Mapping[str, Any] = CODE_TEXT) -> ResponseReturnValue:
    """Send; on success to ``then``; a refusal (also 403: no agreement, not yours) shows the
    form again with the reasons."""
    if form.has_errors:
        return show(form), 422
    try:
        call()
    except Problem as problem:
        if problem.status not in REFUSALS:
            raise
        return show(refused(form, problem, fields, texts)), 422
    return redirect(then, 303)


@bp.get("/team")
@login_required
def my_team() -> ResponseReturnValue:
    return _team_page(Form({"role": "supervisor", "language": ""}))


@bp.post("/team/invitations")
@login_required
def invite() -> ResponseReturnValue:
    form = Form.submitted(INVITE_FIELDS).missing("role", "email")
    body = {"role": form.values["role"], "email": form.values["email"],
            "language": form.values["language"] or None}
    return send(form, lambda: invitations().post(f"{V1}/invitations", body, token=person_token),
                url_for("team.my_team", notice="invited"), _team_page)


@bp.post("/team/invitations/<invitation_id>/<action>")
@login_required
def act_on_invitation(invitation_id: str, action: str) -> ResponseReturnValue:
    if action not in ("resend", "revoke") or len(invitation_id) > 36:
        abort(404)
    path = f"{V1}/invitations/{invitation_id}/{action}"
    return send(Form(), lambda: invitations().post(path, None, token=person_token),
                url_for("team.my_team", notice="resent" if action == "resend" else "revoked"),
                _team_page)


def _team_page(form: Form) -> str:
    team = invitations().get(f"{V1}/me/team", token=person_token)
    pending = [i for i in team["invitations"] if i["state"] == "pending"]
    answered = [i for i in team["invitations"] if i["state"] != "pending"]
    return render_template(
        "team/my_team.html", team=team, pending=pending, answered=answered, form=form,
        labels=LABELS, roles=ROLES, role_help=ROLE_HELP, states=STATES,
        role_options=[(r, ROLES[r]) for r in ("leader", "advisor", "supervisor")],
        language_options=[("", _l("The country's language")), *LANGUAGES.items()])


@bp.get("/invitation")
def invitation() -> ResponseReturnValue:
    """The page behind the e-mail's link: what the invitation is, then eID login. Opening
    it spends nothing (a mail scanner may follow links); binding at registration does."""
    token = request.args.get("token", "")[:200]
    try:
        opened = invitations().post(f"{V1}/links/open", {"token": token or "-"},
                                    headers={"X-Forwarded-For": _client()})
    except Problem as problem:
        if problem.status not in (404, 422, 429):
            raise
        status = 429 if problem.status == 429 else 404
        return render_template("team/invitation.html", opened=None, status=status,
                               roles=ROLES), status
    login = url_for("auth.start", eid="helseid", registration_ticket=opened[
        "registration_ticket"], return_to=url_for("team.accepted"))
    return render_template("team/invitation.html", opened=opened, login=login, roles=ROLES,
                           status=200)


@bp.get("/invitation/accepted")
@login_required
def accepted() -> ResponseReturnValue:
    return _roles_page(accepted=True)


@bp.get("/my-roles")
@login_required
def my_roles() -> ResponseReturnValue:
    return _roles_page(accepted=False)


def _roles_page(accepted: bool) -> str:
    rows = invitations().get(f"{V1}/me/trainees", token=person_token)
    rows.sort(key=lambda r: (str(r.get("trainee_name") or ""), r["role"]))
    return render_template("team/my_roles.html", rows=rows, roles=ROLES, accepted=accepted,
                           name=g.visit.claims.get("name"))


def _client() -> str:
    """The browser's address as the nearest proxy saw it, for the link lookups' limit."""
    forwarded = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
    return (forwarded or request.remote_addr or "unknown")[:100]


from web.pages import team_vejledere  # noqa: E402, F401 - the tutor's pages, on this blueprint
