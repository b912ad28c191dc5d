"""The national operator's pages: organisations, their agreements and signatories, and the
agreement text versions."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from web.auth import person_token, requires
from web.forms import Form, send_or_show
from web.messages import CODE_MESSAGES
from web.pages.public import COUNTRIES, KINDS, NOTICES, STATUSES
from web.parts import parts

bp = Blueprint("operator", __name__, url_prefix="/operator")
V1 = "/api/identity/v1"
LABELS = {"name": _l("Name"), "kind": _l("Kind"), "country": _l("Country"),
          "organisation_number": _l("Organisation number"),
          "contact_email": _l("Contact e-mail"), "code": _l("Official code"),
          "agreement_holder_id": _l("Agreement holder"),
          "signatory_name": _l("Who signed"), "text_version": _l("Agreement text version"),
          "terminated_by_party": _l("Terminated by"), "reason": _l("Reason"),
          "person_id": _l("Person"), "title": _l("Title"), "body": _l("Text")}
PARTIES = [("organisation", _l("The organisation")), ("operator", _l("The operator"))]
ALL_KINDS = {**KINDS, "practice": _l("Practice"), "clinic": _l("Clinic"),
             "hospital": _l("Hospital"), "department": _l("Department")}
REGISTER_FIELDS = ("name", "kind", "country", "organisation_number", "contact_email", "code",
                   "agreement_holder_id")
REQUIRED = {"sign": ("signatory_name",), "terminate": ("reason",), "signatory": ("person_id",)}
ACTIONS = {"onboard": ("organisation_number", "contact_email"),
           "sign": ("signatory_name", "text_version"),
           "terminate": ("terminated_by_party", "reason"),
           "signatory": ("person_id",), "withdraw": ("person_id",)}
ONBOARDED = ("organisation_number", "contact_email")
NOTICES.update({"nothing_changed": _l("Nothing changed: the values are as they were.")})
CODE_MESSAGES.update({
    "nothing_to_change": _l("Give the organisation number or the contact e-mail.")})


def identity() -> Any:
    return parts().services.identity


@bp.get("/organisations")
@requires("operator")
def organisations() -> ResponseReturnValue:
    kind = request.args.get("kind", "")
    q = request.args.get("q", "").strip()[:200]
    found = identity().get(f"{V1}/organisations", token=person_token,
                           **({"kind": kind} if kind in ALL_KINDS else {}))
    rows = sorted((o for o in found if q.casefold() in str(o.get("name", "")).casefold()),
                  key=lambda o: str(o.get("name", "")).casefold())
    return render_template("operator/organisations.html", rows=rows, q=q, kind=kind,
                           kinds=ALL_KINDS, statuses=STATUSES, countries=COUNTRIES)


@bp.route("/organisations/new", methods=["GET", "POST"])
@requires("operator")
def register() -> ResponseReturnValue:
    if request.method == "GET":
        return _register_page(Form({"kind": "municipality", "country": "NO"}))
    form = Form.submitted(REGISTER_FIELDS)
    body = {k: v or None for k, v in form.values.items()}
    return send_or_show(
        form, lambda: identity().post(f"{V1}/organisations", body, token=person_token),
        lambda created: url_for("operator.organisation", organisation_id=created["id"],
                                notice="saved"), _register_page)


def _register_page(form: Form) -> str:
    return render_template("operator/register.html", form=form, labels=LABELS,
                           kinds=ALL_KINDS, countries=COUNTRIES)


@bp.get("/organisations/<organisation_id>")
@requires("operator")
def organisation(organisation_id: str) -> ResponseReturnValue:
    return _organisation_page(organisation_id)


@bp.post("/organisations/<organisation_id>/<action>")
@requires("operator")
def act(organisation_id: str, action: str) -> ResponseReturnValue:
    """Onboard, record a signature on paper, terminate, designate or withdraw a signatory."""
    if action not in ACTIONS:
        return _organisation_page(organisation_id), 404
    form = Form.submitted(ACTIONS[action]).missing(*REQUIRED.get(action, ()))
    path, body = _request_for(organisation_id, action, form.values)
    then: Any = url_for("operator.organisation", organisation_id=organisation_id,
                        notice="saved")
    if action == "onboard":  # identity decides what changed; the page says what it did
        before = identity().get(f"{V1}/organisations/{organisation_id}", token=person_token)
        then = lambda after: url_for(  # noqa: E731
            "operator.organisation", organisation_id=organisation_id,
            notice="saved" if _onboarded(after) != _onboarded(before) else "nothing_changed")
    return send_or_show(
        form, lambda: identity().request(*path, token=person_token, json=body), then,
        lambda refused: _organisation_page(organisation_id, {action: refused}))


def _onboarded(organisation: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(organisation.get(name) for name in ONBOARDED)


def _request_for(organisation_id: str, action: str,
                 values: dict[str, str]) -> tuple[tuple[str, str], dict[str, Any]]:
    base = f"{V1}/organisations/{organisation_id}"
    if action == "onboard":
        return ("PATCH", base), {k: v or None for k, v in values.items()}
    if action == "sign":
        version = values["text_version"]
        return ("POST", f"{base}/agreement/sign"), {
            "signatory_name": values["signatory_name"] or None,
            "text_version": int(version) if version.isdigit() else None}
    if action == "terminate":
        return ("POST", f"{base}/agreement/terminate"), values
    role = {"person_id": values["person_id"], "role": "signatory"}
    if action == "withdraw":
        return ("POST", f"{base}/memberships/withdraw"), role
    return ("POST", f"{base}/memberships"), role


def _organisation_page(organisation_id: str, refused: dict[str, Form] | None = None) -> str:
    found = identity().get(f"{V1}/organisations/{organisation_id}", token=person_token)
    holder = found.get("agreement") is not None
    history = identity().get(f"{V1}/organisations/{organisation_id}/agreement/history",
                             token=person_token) if holder else []
    people = identity().get(f"{V1}/organisations/{organisation_id}/people",
                            token=person_token) if holder else []
    texts = identity().get(f"{V1}/agreement-texts") if holder else []
    forms = {name: Form() for name in ACTIONS}
    forms["onboard"] = Form({"organisation_number": found.get("organisation_number") or "",
                             "contact_email": found.get("contact_email") or ""})
    forms["sign"] = Form({"text_version": str(texts[0]["version"]) if texts else ""})
    forms.update(refused or {})
    signatories = [p for p in people if any(m["role"] == "signatory" and m["organisation_id"]
                                            == organisation_id for m in p["memberships"])]
    return render_template(
        "operator/organisation.html", organisation=found, history=history, people=people,
        signatories=signatories, texts=texts, forms=forms, failed=next(iter(refused or {}), None),
        people_options=[(p["id"], f"{p['given_name']} {p['family_name']}") for p in people],
        text_options=[(str(t["version"]), f"{t['version']}: {t['title']}") for t in texts],
        labels=LABELS, kinds=ALL_KINDS, statuses=STATUSES, countries=COUNTRIES, parties=PARTIES)


@bp.route("/agreement-texts", methods=["GET", "POST"])
@requires("operator")
def agreement_texts() -> ResponseReturnValue:
    if request.method == "GET":
        return _texts_page(Form())
    form = Form.submitted(("title", "body"))
    return send_or_show(
        form, lambda: identity().post(f"{V1}/agreement-texts", form.values, token=person_token),
        url_for("operator.agreement_texts", notice="published"), _texts_page)


def _texts_page(form: Form) -> str:
    texts = identity().get(f"{V1}/agreement-texts")
    behind = identity().get(f"{V1}/agreements/not-on-newest-text", token=person_token)
    return render_template("operator/agreement_texts.html", form=form, texts=texts,
                           behind=behind, labels=LABELS, statuses=STATUSES,
                           countries=COUNTRIES, kinds=ALL_KINDS)
