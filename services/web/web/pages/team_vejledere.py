"""The Danish tutor's vejledere (from the tutor doctors' quick guide): search the
authorisation register, appoint (e-mail and mobile for someone without a profile, an
optional window, which trainees, the department, the access e-mail), list, change, end."""
from __future__ import annotations

from typing import Any

from flask import abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from web.api import Problem
from web.auth import person_token, requires
from web.forms import Form
from web.pages.team import CODE_TEXT, V1, bp, invitations, send
from web.parts import parts

SEARCH = ("name", "authorisation_id")
PERSON = ("authorisation_id", "given_name", "family_name")
APPOINT = (*PERSON, "email", "mobile", "valid_from", "valid_to", "scope", "place_id",
           "reason")
LABELS = {"name": _l("Name"), "authorisation_id": _l("Authorisation ID"),
          "email": _l("E-mail"), "mobile": _l("Mobile phone"), "valid_from": _l("Start date"),
          "valid_to": _l("End date"), "scope": _l("Which trainees"),
          "trainee_ids": _l("Trainees"), "place_id": _l("Department"),
          "send_access_email": _l("Access e-mail"), "reason": _l("Reason"),
          "given_name": _l("Given name"), "family_name": _l("Family name")}
FIELDS: dict[str, str | tuple[str, ...]] = {
    "contact_required": ("email", "mobile"), "department_required": "place_id",
    "not_your_practice": "place_id", "trainee_not_yours": "trainee_ids",
    "window_invalid": "valid_to", "own_appointment": "authorisation_id"}
TEXTS = {
    "contact_required": _l("The person has no profile in the portal yet: give their e-mail "
                           "and mobile number, so they can be told and recognised."),
    "department_required": _l("You are a tutor in several practices: choose the department."),
    "not_your_practice": _l("You are not a tutor of that practice."),
    "trainee_not_yours": _l("Choose trainees placed in your practice, or all of them."),
    "window_invalid": _l("The end date is before the start date."),
    "own_appointment": _l("You cannot appoint yourself."),
    "appointment_ended": _l("This appointment has ended and cannot be changed."),
    "not_a_tutor": _l("Only a tutor appoints vejledere."),
    **CODE_TEXT}


@bp.get("/vejledere")
@requires("tutor")
def vejledere() -> ResponseReturnValue:
    found = invitations().get(f"{V1}/appointments", token=person_token)
    found.sort(key=lambda a: (a["state"] != "active", a["family_name"], a["given_name"]))
    return render_template("team/vejledere.html", appointments=found, names=_trainee_names(),
                           practices={p["place_id"]: p["name"] for p in _practices()})


@bp.route("/vejledere/new", methods=["GET", "POST"])
@requires("tutor")
def appoint() -> ResponseReturnValue:
    if request.method == "GET":
        chosen = Form.submitted_args(PERSON)
        search = Form() if chosen.values["given_name"] else Form.submitted_args(SEARCH)
        chosen.values.update(scope="all", send_access_email="on")
        return _appoint_page(search, chosen, [])
    form = Form.submitted(APPOINT)
    form.values["send_access_email"] = "on" if request.form.get("send_access_email") else ""
    trainee_ids = request.form.getlist("trainee_ids")
    body = {**{k: form.values[k] for k in PERSON}, **_window(form, trainee_ids),
            "email": form.values["email"] or None, "mobile": form.values["mobile"] or None,
            "place_id": form.values["place_id"] or None,
            "send_access_email": bool(form.values["send_access_email"])}
    return send(form, lambda: invitations().post(f"{V1}/appointments", body,
                                                 token=person_token),
                url_for("team.vejledere", notice="appointed"),
                lambda shown: _appoint_page(Form(), shown, trainee_ids), FIELDS, TEXTS)


@bp.route("/vejledere/<appointment_id>", methods=["GET", "POST"])
@requires("tutor")
def appointment(appointment_id: str) -> ResponseReturnValue:
    found = _appointment(appointment_id)
    if request.method == "GET":
        form = Form({"valid_from": found["valid_from"] or "",
                     "valid_to": found["valid_to"] or "",
                     "scope": "all" if found["all_trainees"] else "selected"})
        return _change_page(found, form, found["trainee_ids"])
    form = Form.submitted(("valid_from", "valid_to", "scope"))
    trainee_ids = request.form.getlist("trainee_ids")
    path = f"{V1}/appointments/{appointment_id}"
    return send(form, lambda: invitations().request("PUT", path, person_token,
                                                    json=_window(form, trainee_ids)),
                url_for("team.vejledere", notice="changed"),
                lambda shown: _change_page(found, shown, trainee_ids), FIELDS, TEXTS)


@bp.post("/vejledere/<appointment_id>/end")
@requires("tutor")
def end(appointment_id: str) -> ResponseReturnValue:
    found = _appointment(appointment_id)
    form = Form.submitted(("reason",))
    body = {"reason": form.values["reason"]} if form.values["reason"] else {}
    path = f"{V1}/appointments/{appointment_id}/end"
    return send(form, lambda: invitations().post(path, body, token=person_token),
                url_for("team.vejledere", notice="ended"),
                lambda shown: _change_page(found, shown, found["trainee_ids"]), FIELDS,
                TEXTS)


def _window(form: Form, trainee_ids: list[str]) -> dict[str, Any]:
    everyone = form.values["scope"] != "selected"
    return {"valid_from": form.values["valid_from"] or None,
            "valid_to": form.values["valid_to"] or None, "all_trainees": everyone,
            "trainee_ids": [] if everyone else trainee_ids[:200]}


def _appointment(appointment_id: str) -> dict[str, Any]:
    if len(appointment_id) > 36:
        abort(404)
    found: dict[str, Any] = invitations().get(f"{V1}/appointments/{appointment_id}",
                                              token=person_token)
    return found


def _practices() -> list[dict[str, Any]]:
    return list(invitations().get(f"{V1}/me/practices", token=person_token))


def _trainees() -> list[dict[str, Any]]:
    rows = invitations().get(f"{V1}/me/trainees", token=person_token)
    return sorted((r for r in rows if r["role"] == "tutor"),
                  key=lambda r: str(r.get("trainee_name") or r["trainee_id"]))


def _trainee_names() -> dict[str, str]:
    return {r["trainee_id"]: r.get("trainee_name") or r["trainee_id"] for r in _trainees()}


def _appoint_page(search: Form, form: Form, chosen: list[str]) -> str:
    found: list[dict[str, Any]] = []
    query = {k: v for k, v in search.values.items() if v}
    if query:
        try:
            found = parts().services.identity.get("/api/identity/v1/register/search",
                                                  token=person_token, country="DK", **query)
        except Problem as problem:  # a refused search is shown beside its fields
            if problem.status not in (400, 422, 429):
                raise
            search.refused(problem)
    practices = _practices()
    return render_template(
        "team/appoint.html", search=search, found=found, form=form, labels=LABELS,
        trainees=_trainees(), chosen=chosen, practices=practices,
        practice_options=[("", _l("Choose the department")),
                          *((p["place_id"], p["name"]) for p in practices)])


def _change_page(found: dict[str, Any], form: Form, chosen: list[str]) -> str:
    return render_template("team/appointment.html", appointment=found, form=form,
                           labels=LABELS, trainees=_trainees(), chosen=chosen)
