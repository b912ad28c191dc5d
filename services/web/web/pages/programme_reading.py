"""The programme pages that read: the trainee's own programme and who read it, the tutor's
trainees and a trainee's record as the tutor sees it, and the region's page that opens
access to a former trainee again (the service decides who may read; every read is logged
by it)."""
from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask.typing import ResponseReturnValue

from web.auth import login_required, person_token, requires
from web.curriculum import Search, current_plan, full_name, groups_shown
from web.forms import Form
from web.pages import programme_words as words
from web.pages.admin import chosen, holders
from web.pages.programmes import V1, bp, competencies, places_of, sent

OPENING = ("trainee_id", "place_id", "opened_until", "reason")


# the trainee's and the tutor's pages ------------------------------------------------
@bp.get("/mine")
@login_required
def mine() -> ResponseReturnValue:
    found = competencies().get(f"{V1}/me/programme", person_token)
    return _programme_page("programmes/mine.html", _enrolments_of(found), url_for(".mine"))


@bp.get("/mine/reads")
@login_required
def reads() -> ResponseReturnValue:
    found = competencies().get(f"{V1}/me/reads", person_token)
    rows = found.get("reads", []) if isinstance(found, dict) else found
    return render_template("programmes/reads.html", rows=rows, roles=words.READER_ROLES)


@bp.get("/trainees")
@requires("tutor")
def trainees() -> ResponseReturnValue:
    found = competencies().get(f"{V1}/tutor/trainees", person_token)
    return render_template("programmes/trainees.html", found=found,
                           sections=words.TRAINEE_SECTIONS)


@bp.get("/trainees/<trainee_id>")
@login_required
def trainee(trainee_id: str) -> ResponseReturnValue:
    found = competencies().get(f"{V1}/trainees/{trainee_id}/programme", person_token)
    enrolments = _enrolments_of(found)
    names = [found.get("trainee_name"), *(e.get("trainee_name") for e in enrolments)]
    return _programme_page("programmes/trainee.html", enrolments,
                           url_for(".trainee", trainee_id=trainee_id), trainee=True,
                           trainee_name=next((n for n in names if n), None))


def _enrolments_of(found: Any) -> list[dict[str, Any]]:
    listed = found.get("enrolments", []) if isinstance(found, dict) else found
    return [e for e in listed or [] if isinstance(e, dict)]


def _programme_page(template: str, enrolments: list[dict[str, Any]], here: str,
                    **context: Any) -> str:
    search = Search.of(request.args)
    shown = [(e, groups_shown(_groups(e), search, current_plan(e))) for e in enrolments]
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request")
    return render_template("programmes/curricula.html" if partial else template,
                           shown=shown, search=search, here=here, **context)


def _groups(enrolment: dict[str, Any]) -> list[dict[str, Any]]:
    curriculum = enrolment.get("curriculum")
    groups = curriculum.get("groups") if isinstance(curriculum, dict) else None
    return list(groups or enrolment.get("groups") or [])


# the region's page ------------------------------------------------------------------
@bp.route("/access", methods=["GET", "POST"])
@requires("region_admin")
def access() -> ResponseReturnValue:
    holder = chosen(holders("region_admin"))
    if request.method == "GET":
        return _access_page(holder, Form())
    form = Form.submitted(OPENING)
    body = {k: v or None for k, v in form.values.items()}
    return sent(form, lambda: competencies().post(f"{V1}/access-openings", body,
                                                   person_token),
                 url_for(".access", organisation=holder["organisation_id"], notice="opened"),
                 lambda failed: _access_page(holder, failed))


def _access_page(holder: dict[str, Any], form: Form) -> str:
    found = competencies().get(f"{V1}/organisations/{holder['organisation_id']}/trainees",
                               person_token, state="all")
    return render_template(
        "programmes/access.html", holder=holder, form=form, labels=words.LABELS,
        trainee_options=sorted(((t["trainee_id"], full_name(t, t["trainee_id"]))
                                for t in found), key=lambda p: p[1]),
        place_options=sorted(places_of(holder).items(), key=lambda p: p[1]))
