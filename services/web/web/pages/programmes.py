"""Programmes and placements (issue 7): an administrator enrols the people of their
organisation and places them; a trainee reads their programme and who read it; a tutor
reads their trainees; a region opens access to a former trainee for a short while.

Every page calls the competencies service with the person's token; the service decides
who may see and do what, and the page shows its answer (refusals beside the field)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from web.api import Problem
from web.auth import person_token, requires
from web.curriculum import full_name
from web.curriculum import words as view_words
from web.forms import Form
from web.menu import ADMIN_ROLES, roles_of
from web.messages import CODE_MESSAGES
from web.pages import programme_words as words
from web.pages.admin import chosen, holders
from web.pages.public import NOTICES
from web.parts import parts

bp = Blueprint("programmes", __name__, url_prefix="/programmes")
V1, ID = "/api/competencies/v1", "/api/identity/v1"
ADMINISTRATORS = ("operator", *ADMIN_ROLES)
ENROL = ("trainee_id", "curriculum", "starts_on", "ends_on")
PLACE = ("place_id", "element", "starts_on", "ends_on")
ACTIONS = {"placement": PLACE, "cancel": ("reason",)}
PLACEMENT_ACTIONS = {"correct": ("starts_on", "ends_on"), "tutor": ("tutor_id",),
                     "cancel": ("reason",)}
NOTICES.update(words.NOTICES)
CODE_MESSAGES.update(words.CODE_MESSAGES)


@bp.context_processor
def programme_words() -> dict[str, Any]:
    return view_words()


def competencies() -> Any:
    return parts().services["competencies"]


def identity() -> Any:
    return parts().services.identity


def my_holders() -> list[dict[str, Any]]:
    """The agreement holders this person enrols trainees for (an operator: all of them)."""
    if "operator" in roles_of(g.visit.claims):
        return list(identity().get(f"{ID}/agreements"))
    return holders(*ADMIN_ROLES)


def refused(form: Form, problem: Problem) -> Form:
    """The service's refusal, each reason beside the field it concerns."""
    form.refused(problem)
    for name, into in words.FIELD_OF_ERROR.items():
        if name in form.errors:
            form.errors.setdefault(into, []).extend(form.errors.pop(name))
    into = words.FIELD_OF_CODE.get(problem.code)
    if into and into not in form.errors and into in form.values:
        form.error(into, form.message or "")
    return form


# the administrator's pages ---------------------------------------------------------
@bp.get("/enrolments")
@requires(*ADMINISTRATORS)
def enrolments() -> ResponseReturnValue:
    return _enrolments_page(chosen(my_holders()), Form())


@bp.post("/enrolments")
@requires(*ADMINISTRATORS)
def enrol() -> ResponseReturnValue:
    holder = chosen(my_holders())
    form = Form.submitted(ENROL)
    curriculum, _, version = form.values["curriculum"].partition("@")
    body = {"trainee_id": form.values["trainee_id"] or None, "curriculum": curriculum or None,
            "curriculum_version": version or None, "starts_on": form.values["starts_on"] or None,
            "ends_on": form.values["ends_on"] or None,
            "agreement_holder_id": holder["organisation_id"]}
    return sent(form, lambda: competencies().post(f"{V1}/enrolments", body, person_token),
                 lambda made: url_for(".enrolment", enrolment_id=made["enrolment_id"],
                                      notice="enrolled"),
                 lambda failed: _enrolments_page(holder, failed))


@bp.get("/enrolments/<enrolment_id>")
@requires(*ADMINISTRATORS)
def enrolment(enrolment_id: str) -> ResponseReturnValue:
    return _enrolment_page(_enrolment(enrolment_id), {})


@bp.post("/enrolments/<enrolment_id>/<action>")
@requires(*ADMINISTRATORS)
def act(enrolment_id: str, action: str) -> ResponseReturnValue:
    if action not in ACTIONS:
        abort(404)
    found = _enrolment(enrolment_id)
    form = Form.submitted(ACTIONS[action])
    if action == "placement":
        body = {k: v or None for k, v in form.values.items()}
        path, notice = f"{V1}/enrolments/{enrolment_id}/placements", "placed"
    else:
        body, notice = {"reason": form.values["reason"] or None}, "enrolment_cancelled"
        path = f"{V1}/enrolments/{enrolment_id}/cancel"
    return sent(form, lambda: competencies().post(path, body, person_token),
                 url_for(".enrolment", enrolment_id=enrolment_id, notice=notice),
                 lambda failed: _enrolment_page(found, {action: failed}))


@bp.get("/enrolments/<enrolment_id>/placements/<placement_id>")
@requires(*ADMINISTRATORS)
def placement(enrolment_id: str, placement_id: str) -> ResponseReturnValue:
    found = _enrolment(enrolment_id)
    return _placement_page(found, _placement(found, placement_id), {})


@bp.post("/enrolments/<enrolment_id>/placements/<placement_id>/<action>")
@requires(*ADMINISTRATORS)
def act_on_placement(enrolment_id: str, placement_id: str, action: str) -> ResponseReturnValue:
    if action not in PLACEMENT_ACTIONS:
        abort(404)
    found = _enrolment(enrolment_id)
    chosen_one = _placement(found, placement_id)
    form = Form.submitted(PLACEMENT_ACTIONS[action])
    body = {k: v or None for k, v in form.values.items()}
    path = f"{V1}/placements/{placement_id}"
    client = competencies()
    call = {"correct": lambda: client.patch(path, body, person_token),
            "tutor": lambda: client.post(f"{path}/tutor", body, person_token),
            "cancel": lambda: client.post(f"{path}/cancel", body, person_token)}[action]
    then = url_for(".placement", enrolment_id=enrolment_id, placement_id=placement_id,
                   notice=f"placement_{action}")
    if action == "cancel":
        then = url_for(".enrolment", enrolment_id=enrolment_id, notice="placement_cancel")
    return sent(form, call, then, lambda failed: _placement_page(found, chosen_one,
                                                                  {action: failed}))


def sent(form: Form, call: Any, then: Any, show: Any) -> ResponseReturnValue:
    """Like ``send_or_show``, with the programme's refusals placed beside their fields."""
    try:
        answer = call()
    except Problem as problem:
        if problem.status not in (400, 409, 422):
            raise
        return show(refused(form, problem)), 422
    return redirect(then(answer) if callable(then) else then, 303)


def _enrolment(enrolment_id: str) -> dict[str, Any]:
    found: dict[str, Any] = competencies().get(f"{V1}/enrolments/{enrolment_id}", person_token)
    mine = [h for h in my_holders() if h["organisation_id"] == found.get("agreement_holder_id")]
    if not mine:
        abort(404)
    found["holder"] = mine[0]
    return found


def _placement(enrolment: dict[str, Any], placement_id: str) -> dict[str, Any]:
    found = [p for p in enrolment.get("placements") or [] if p.get("placement_id") == placement_id]
    if not found:
        abort(404)
    return dict(found[0])


def people_of(holder: dict[str, Any]) -> dict[str, str]:
    found = identity().get(f"{ID}/organisations/{holder['organisation_id']}/people",
                           token=person_token)
    return {p["id"]: full_name(p) for p in found}


def places_of(holder: dict[str, Any]) -> dict[str, str]:
    found = identity().get(f"{ID}/organisations", token=person_token,
                           holder_id=holder["organisation_id"])
    return {p["id"]: p["name"] for p in found}


def _curricula(**query: str) -> list[dict[str, Any]]:
    return list(competencies().get(f"{V1}/curricula", person_token, **query))


def _enrolments_page(holder: dict[str, Any], form: Form) -> str:
    rows = competencies().get(f"{V1}/enrolments", person_token,
                              agreement_holder_id=holder["organisation_id"])
    people = people_of(holder)
    curricula = _curricula(country=holder.get("country") or "")
    return render_template(
        "programmes/enrolments.html", holder=holder, holders=my_holders(), rows=rows,
        people=people, places=places_of(holder), form=form, labels=words.LABELS,
        curricula=curricula, people_options=sorted(people.items(), key=lambda p: p[1]),
        curriculum_options=words.curriculum_options(curricula))


def _enrolment_page(enrolment: dict[str, Any], failed: dict[str, Form]) -> str:
    holder = enrolment["holder"]
    versions = _curricula(curriculum=enrolment["curriculum"])
    version = enrolment["curriculum_version"]
    curriculum: dict[str, Any] = next((c for c in versions if c["version"] == version),
                                      {"elements": []})
    places = places_of(holder)
    forms = {"placement": Form(), "cancel": Form(), **failed}
    return render_template(
        "programmes/enrolment.html", enrolment=enrolment, holder=holder, forms=forms,
        failed=next(iter(failed), None), people=people_of(holder), places=places,
        curriculum=curriculum, labels=words.LABELS,
        place_options=sorted(places.items(), key=lambda p: p[1]),
        element_options=[(p["code"], p.get("title") or p["code"])
                         for p in curriculum.get("elements") or []])


def _placement_page(enrolment: dict[str, Any], chosen_one: dict[str, Any],
                    failed: dict[str, Form]) -> str:
    holder = enrolment["holder"]
    tutors = competencies().get(f"{V1}/places/{chosen_one['place_id']}/tutors", person_token)
    forms = {"correct": Form({k: chosen_one.get(k) or "" for k in ("starts_on", "ends_on")}),
             "tutor": Form({"tutor_id": chosen_one.get("tutor_id") or ""}),
             "cancel": Form(), **failed}
    people = people_of(holder)
    return render_template(
        "programmes/placement.html", enrolment=enrolment, placement=chosen_one,
        holder=holder, forms=forms, failed=next(iter(failed), None), people=people,
        places=places_of(holder), tutors=tutors, labels=words.LABELS,
        tutor_options=[(t["person_id"], full_name(t, people.get(t["person_id"], t["person_id"])))
                       for t in tutors])


from web.pages import programme_reading  # noqa: E402,F401 - its pages are on this blueprint
