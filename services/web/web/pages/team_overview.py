"""An agreement holder's administrators: every LIS1 team and vejleder appointment of the
municipality, health trust or region, and a team corrected by ending a relationship."""
from __future__ import annotations

from typing import Any

from flask import render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from web.auth import person_token, requires
from web.forms import Form
from web.menu import ADMIN_ROLES
from web.pages.admin import chosen, holders
from web.pages.team import ROLES, V1, bp, invitations, send

LABELS = {"reason": _l("Reason")}
TEXTS = {"relationship_ended": _l("This relationship has ended already.")}


@bp.get("/team/overview")
@requires(*ADMIN_ROLES)
def overview() -> ResponseReturnValue:
    return _overview_page(chosen(holders(*ADMIN_ROLES)), Form())


@bp.post("/team/overview/relationships/<relationship_id>/end")
@requires(*ADMIN_ROLES)
def end_relationship(relationship_id: str) -> ResponseReturnValue:
    holder = chosen(holders(*ADMIN_ROLES))
    form = Form.submitted(("reason",)).missing("reason")
    path = f"{V1}/relationships/{relationship_id[:36]}/end"
    return send(form, lambda: invitations().post(path, {"reason": form.values["reason"]},
                                                 token=person_token),
                url_for("team.overview", organisation=holder["organisation_id"],
                        notice="relationship_ended"),
                lambda shown: _overview_page(holder, shown), {}, TEXTS)


def _overview_page(holder: dict[str, Any], form: Form) -> str:
    found = invitations().get(f"{V1}/organisations/{holder['organisation_id']}/overview",
                              token=person_token)
    return render_template("team/overview.html", holder=holder, overview=found, form=form,
                           roles=ROLES, labels=LABELS)
