"""Administrators of an agreement holder: their people, profiles created from the
authorisation register, and (a region's) tutors' access to its practices."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from web.api import Problem
from web.auth import person_token, requires
from web.forms import Form, send_or_show
from web.menu import ADMIN_ROLES, memberships
from web.pages.operator import ALL_KINDS
from web.parts import parts

bp = Blueprint("admin", __name__, url_prefix="/admin")
V1 = "/api/identity/v1"
ROLES = {"region_admin": _l("Region administrator"),
         "municipality_admin": _l("Municipality administrator"),
         "health_trust_admin": _l("Health trust administrator"), "tutor": _l("Tutor"),
         "signatory": _l("Signatory")}
LABELS = {"name": _l("Name"), "hpr_number": _l("HPR number"),
          "authorisation_id": _l("Authorisation ID"), "email": _l("E-mail"),
          "mobile": _l("Mobile phone"), "person_id": _l("Person"), "place_id": _l("Practice"),
          "reason": _l("Reason")}
SEARCH = ("name", "hpr_number", "authorisation_id")
PROFILE = ("hpr_number", "authorisation_id", "given_name", "family_name", "email", "mobile")


def identity() -> Any:
    return parts().services.identity


def holders(*roles: str) -> list[dict[str, Any]]:
    """The agreement holders this person administers (in the given roles), by name."""
    mine = {org for org, role in memberships(g.visit.claims) if role in roles}
    return [row for row in identity().get(f"{V1}/agreements") if row["organisation_id"] in mine]


def chosen(found: list[dict[str, Any]]) -> dict[str, Any]:
    """The holder named by ``?organisation=`` (it must be one of ``found``), else the first."""
    wanted = request.values.get("organisation")
    matching = [h for h in found if h["organisation_id"] == wanted or not wanted]
    if not matching:
        abort(404)
    return matching[0]


@bp.get("/people")
@requires(*ADMIN_ROLES)
def people() -> ResponseReturnValue:
    mine = holders(*ADMIN_ROLES)
    holder = chosen(mine)
    found = identity().get(f"{V1}/organisations/{holder['organisation_id']}/people",
                           token=person_token)
    return render_template("admin/people.html", holders=mine, holder=holder, people=found,
                           roles=ROLES)


@bp.route("/people/new", methods=["GET", "POST"])
@requires(*ADMIN_ROLES)
def new_person() -> ResponseReturnValue:
    holder = chosen(holders(*ADMIN_ROLES))
    if request.method == "GET":
        return _new_person_page(holder, Form.submitted_args(SEARCH), Form())
    form = Form.submitted(PROFILE)
    body = {"country": holder["country"], "organisation_id": holder["organisation_id"],
            **{k: v or None for k, v in form.values.items()}}
    return send_or_show(
        form, lambda: identity().post(f"{V1}/people", body, token=person_token),
        url_for("admin.people", organisation=holder["organisation_id"], notice="created"),
        lambda refused: _new_person_page(holder, Form(), refused))


def _new_person_page(holder: dict[str, Any], search: Form, refused: Form) -> str:
    found: list[dict[str, Any]] = []
    query = {k: v for k, v in search.values.items() if v}
    if query:
        try:
            found = identity().get(f"{V1}/register/search", token=person_token,
                                   country=holder["country"], **query)
        except Problem as problem:  # a refused search is shown beside its fields
            if problem.status not in (400, 422, 429):
                raise
            search.refused(problem)
    return render_template("admin/new_person.html", holder=holder, search=search,
                           refused=refused, found=found, labels=LABELS)


@bp.get("/tutors")
@requires("region_admin")
def tutors() -> ResponseReturnValue:
    return _tutors_page(chosen(holders("region_admin")), Form())


@bp.post("/tutors/<action>")
@requires("region_admin")
def act(action: str) -> ResponseReturnValue:
    holder = chosen(holders("region_admin"))
    if action not in ("grant", "withdraw"):
        abort(404)
    form = Form.submitted(("person_id", "place_id", "reason"))
    place = form.values["place_id"]
    if place not in {p["id"] for p in _places(holder)}:
        abort(404)
    body: dict[str, Any] = {"person_id": form.values["person_id"], "role": "tutor"}
    path = f"{V1}/organisations/{place}/memberships"
    if action == "withdraw":
        path, body["reason"] = f"{path}/withdraw", form.values["reason"] or None
    return send_or_show(form, lambda: identity().post(path, body, token=person_token),
                        url_for("admin.tutors", organisation=holder["organisation_id"],
                                notice="granted" if action == "grant" else "withdrawn"),
                        lambda refused: _tutors_page(holder, refused))


def _places(holder: dict[str, Any]) -> list[dict[str, Any]]:
    return list(identity().get(f"{V1}/organisations", token=person_token,
                               holder_id=holder["organisation_id"]))


def _tutors_page(holder: dict[str, Any], form: Form) -> str:
    places = _places(holder)
    people = identity().get(f"{V1}/organisations/{holder['organisation_id']}/people",
                            token=person_token)
    tutors = [(person, place) for place in places for person in people
              if any(m["role"] == "tutor" and m["organisation_id"] == place["id"]
                     for m in person["memberships"])]
    return render_template(
        "admin/tutors.html", holder=holder, places=places, tutors=tutors, form=form,
        labels=LABELS, kinds=ALL_KINDS,
        people_options=[(p["id"], f"{p['given_name']} {p['family_name']}") for p in people],
        place_options=[(p["id"], p["name"]) for p in places])
