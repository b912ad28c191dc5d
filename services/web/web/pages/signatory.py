"""A signatory's page: read the organisation's data-processing agreement and sign it with
eID (who, when and which text version are recorded by identity), or terminate it."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from web.auth import person_token, requires
from web.forms import Form, send_or_show
from web.menu import memberships
from web.pages.public import COUNTRIES, KINDS, STATUSES
from web.parts import parts

bp = Blueprint("signatory", __name__, url_prefix="/signatory")
V1 = "/api/identity/v1"
LABELS = {"text_version": _l("Agreement text version"), "reason": _l("Reason")}


def my_organisations() -> set[str]:
    return {org for org, role in memberships(g.visit.claims) if role == "signatory"}


@bp.get("/agreements")
@requires("signatory")
def agreements() -> ResponseReturnValue:
    return _page()


@bp.post("/agreements/<organisation_id>/<action>")
@requires("signatory")
def act(organisation_id: str, action: str) -> ResponseReturnValue:
    if organisation_id not in my_organisations() or action not in ("sign", "terminate"):
        abort(404)
    identity = parts().services.identity
    path = f"{V1}/organisations/{organisation_id}/agreement/{action}"
    body: dict[str, Any]
    if action == "sign":
        form = Form.submitted(("text_version",))
        version = form.values["text_version"]
        body = {"text_version": int(version) if version.isdigit() else None}
    else:
        form = Form.submitted(("reason",))
        body = {"terminated_by_party": "organisation", "reason": form.values["reason"]}
    return send_or_show(form, lambda: identity.post(path, body, token=person_token),
                        url_for("signatory.agreements", notice="signed" if action == "sign"
                                else "terminated"),
                        lambda refused: _page({(organisation_id, action): refused}))


def _page(refused: dict[tuple[str, str], Form] | None = None) -> str:
    identity = parts().services.identity
    mine = my_organisations()
    holders = [row for row in identity.get(f"{V1}/agreements")
               if row["organisation_id"] in mine]
    texts = identity.get(f"{V1}/agreement-texts")
    failed = next(iter(refused or {}), None)
    return render_template("signatory/agreements.html", holders=holders,
                           newest=texts[0] if texts else None, refused=refused or {},
                           failed=failed, labels=LABELS, statuses=STATUSES, kinds=KINDS,
                           countries=COUNTRIES, empty=Form(),
                           chosen_text=request.args.get("text"))
