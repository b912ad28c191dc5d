"""Sign-off pages: a trainee's progress per plan or phase with "ready for approval" and
"recall", activities and history; an approver's queue with approve, return with comment and
approve-several; attestations; an administrator's overview and reset form; the completed
programme's credential and PDF. The competencies service decides; these pages ask it."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from web.api import Problem
from web.auth import login_required, person_token, requires
from web.forms import Form, send_or_show
from web.menu import ADMIN_ROLES, memberships
from web.messages import CODE_MESSAGES
from web.pages.public import NOTICES
from web.parts import parts

bp = Blueprint("signoff", __name__, url_prefix="/signoff")
V1 = "/api/competencies/v1"
ITEM_ACTIONS = {"submit": (), "recall": (), "approve": ("version", "comment"),
                "return": ("version", "comment"), "recommend": ("comment",),
                "reset": ("version", "reference", "reason", "placement_id"),
                "activities": ("title", "performed_on")}
LABELS = {"comment": _l("Comment"), "reference": _l("Reference of the written request"),
          "reason": _l("Reason"), "title": _l("Activity"), "performed_on": _l("Date"),
          "version": _l("Version"), "placement_id": _l("Placement"),
          "curriculum_version": _l("Curriculum version")}
SIGNING_REFUSALS = ("own_item", "not_assigned", "role_not_permitted", "outside_window",
                    "assurance_too_low")
STATES = {"not_started": _l("Not started"), "ready_for_approval": _l("Ready for approval"),
          "approved": _l("Approved"), "returned": _l("Returned")}
NOTICES.update({"signoff_saved": _l("Saved."), "signoff_approved": _l("Approved.")})
CODE_MESSAGES.update({
    "own_item": _l("You may not sign off your own training."),
    "not_assigned": _l("You have no right to sign for this trainee."),
    "role_not_permitted": _l("Your role may not sign this."),
    "outside_window": _l("Your right to sign for this trainee is not valid today."),
    "assurance_too_low": _l("Log in with a higher level of security to sign."),
    "version_conflict": _l("Someone else changed this at the same time. Reload the page "
                           "and try again."),
    "time_attestation_too_early": _l("The time attestation can be given from the start of "
                                     "the placement's last month."),
    "completed_service_too_early": _l("Completed service can be confirmed from the start of "
                                      "the placement's last month."),
    "items_not_all_approved": _l("Every item of the placement must be approved first."),
    "recommendations_missing": _l("The advisor and a supervisor must recommend it first."),
    "reset_reference_required": _l("Give the reference of the written request."),
    "reset_reason_required": _l("Give the reason for the reset."),
    "comment_required": _l("Say what is missing when you return an item."),
    "already_decided": _l("It has already been decided on."),
    "no_responsible_approver": _l("Nobody is responsible for approving this yet."),
    "not_awaiting_approval": _l("It is not marked ready for approval."),
    "programme_already_completed": _l("A completed programme keeps its curriculum version."),
})


def competencies() -> Any:
    return parts().services["competencies"]


def me() -> str:
    return str((g.visit.claims or {}).get("sub", ""))


@bp.get("/")
@login_required
def mine() -> str:
    programme = competencies().get(f"{V1}/me/programme", token=person_token)
    return render_template("signoff/mine.html", enrolments=programme.get("enrolments", []))


@bp.get("/trainees/<trainee_id>")
@login_required
def trainee(trainee_id: str) -> ResponseReturnValue:
    """A trainee's sign-offs as the people who assess them reach them ("Whom I assess"):
    straight to the one open enrolment, else the list."""
    programme = competencies().get(f"{V1}/trainees/{trainee_id}/programme", token=person_token)
    enrolments = programme.get("enrolments", [])
    open_ones = [e for e in enrolments if e.get("state") != "cancelled"]
    if len(open_ones) == 1:
        return redirect(url_for("signoff.enrolment", enrolment_id=open_ones[0]["enrolment_id"]))
    return render_template("signoff/mine.html", enrolments=enrolments)


@bp.get("/enrolments/<enrolment_id>")
@login_required
def enrolment(enrolment_id: str) -> str:
    return _enrolment_page(enrolment_id)


def _enrolment_page(enrolment_id: str, refused: Form | None = None) -> str:
    progress = competencies().get(f"{V1}/enrolments/{enrolment_id}/progress",
                                  token=person_token)
    completion = None
    if progress.get("completed_at"):
        try:  # the trainee's and their administrators' to read; the approvers see the date
            completion = competencies().get(f"{V1}/enrolments/{enrolment_id}/completion",
                                            token=person_token)
        except Problem:
            completion = None
    holders = {o for o, r in memberships(g.visit.claims) if r in ADMIN_ROLES}
    newer = next_versions(progress) if holders and not completion else []
    return render_template("signoff/enrolment.html", progress=progress, me=me(),
                           completion=completion, refused=refused or Form(), labels=LABELS,
                           states=STATES, may_reset=bool(holders), newer=newer,
                           focus=request.args.get("item", ""))


def next_versions(progress: dict[str, Any]) -> list[str]:
    """The loaded versions that follow the enrolment's (the service checks the move)."""
    try:
        loaded = competencies().get(f"{V1}/curricula", token=person_token,
                                    curriculum=progress["curriculum"])
    except Problem:
        return []
    return [c["version"] for c in loaded
            if c.get("previous_version") == progress["curriculum_version"]]


def _post(path: str, body: dict[str, Any], form: Form, enrolment_id: str,
          anchor: str = "", item: str | None = None) -> ResponseReturnValue:
    """Send; back on the page at the item acted on, its group unfolded (``item``)."""
    back = url_for("signoff.enrolment", enrolment_id=enrolment_id, notice="signoff_saved",
                   item=item) + anchor
    try:
        return send_or_show(form, lambda: competencies().post(path, body, token=person_token),
                            back, lambda refused: _enrolment_page(enrolment_id, refused))
    except Problem as problem:  # not this person's to sign: said on the page, as they acted
        if problem.status != 403 or problem.code not in SIGNING_REFUSALS:
            raise
        return _enrolment_page(enrolment_id, form.refused(problem)), 403


def _body(form: Form) -> dict[str, Any]:
    body: dict[str, Any] = {k: v for k, v in form.values.items() if v}
    if "version" in form.values:
        body["version"] = int(form.values["version"]) if form.values[
            "version"].isdigit() else -1
    return body


@bp.post("/enrolments/<enrolment_id>/items/<code>/<action>")
@login_required
def item_action(enrolment_id: str, code: str, action: str) -> ResponseReturnValue:
    if action not in ITEM_ACTIONS:
        abort(404)
    form = Form.submitted(ITEM_ACTIONS[action])
    if action == "return":
        form.missing("comment")
    if action == "activities":
        form.missing("title")
    path = f"{V1}/enrolments/{enrolment_id}/items/{code}/{action}"
    return _post(path, _body(form), form, enrolment_id, f"#item-{code}", code)


@bp.post("/enrolments/<enrolment_id>/items/<code>/activities/<activity_id>/confirm")
@login_required
def confirm(enrolment_id: str, code: str, activity_id: str) -> ResponseReturnValue:
    path = f"{V1}/enrolments/{enrolment_id}/items/{code}/activities/{activity_id}/confirm"
    return _post(path, {}, Form(), enrolment_id, f"#item-{code}", code)


@bp.get("/queue")
@login_required
def queue(refused: Form | None = None) -> str:
    waiting = competencies().get(f"{V1}/me/queue", token=person_token)
    return render_template("signoff/queue.html", queue=waiting, refused=refused or Form(),
                           labels=LABELS, states=STATES)


@bp.post("/queue/<enrolment_id>")
@login_required
def approve_several(enrolment_id: str) -> ResponseReturnValue:
    """The items chosen, or (``all``) every item the page showed, at the versions it showed."""
    listed = request.form.getlist("shown" if request.form.get("all") else "item")
    chosen = [value.rsplit("|", 1) for value in listed if "|" in value]
    items = [{"code": code, "version": int(v) if v.isdigit() else -1} for code, v in chosen]
    form = Form.submitted(("comment",))
    if not items:
        form.message = str(_l("Choose at least one item."))
    body = {"items": items, "comment": form.values["comment"] or None}
    return send_or_show(form, lambda: competencies().post(
        f"{V1}/enrolments/{enrolment_id}/approvals", body, token=person_token),
        url_for("signoff.queue", notice="signoff_approved"), lambda refused: queue(refused))


@bp.get("/enrolments/<enrolment_id>/history")
@login_required
def history(enrolment_id: str) -> str:
    entries = competencies().get(f"{V1}/enrolments/{enrolment_id}/history", token=person_token)
    return render_template("signoff/history.html", entries=entries, enrolment_id=enrolment_id,
                           states=STATES)


@bp.get("/enrolments/<enrolment_id>/completion/<kind>")
@login_required
def download(enrolment_id: str, kind: str) -> ResponseReturnValue:
    if kind not in ("pdf", "credential"):
        abort(404)
    answer = competencies().open_stream(f"{V1}/enrolments/{enrolment_id}/completion/{kind}",
                                        token=person_token)
    try:
        body = answer.content
    finally:
        answer.close()
    return Response(body, mimetype=answer.headers.get("Content-Type"), headers={
        "Content-Disposition": answer.headers.get("Content-Disposition", "attachment")})


@bp.get("/overview")
@requires(*ADMIN_ROLES)
def overview() -> str:
    holders = sorted({o for o, r in memberships(g.visit.claims) if r in ADMIN_ROLES})
    days = request.args.get("waiting_days", "14")
    found = []
    for holder in holders:
        try:
            found.append(competencies().get(f"{V1}/organisations/{holder}/sign-off-overview",
                                            token=person_token,
                                            waiting_days=days if days.isdigit() else "14"))
        except Problem:
            continue
    return render_template("signoff/overview.html", overviews=found, states=STATES,
                           waiting_days=days)


from web.pages import signoff_attestations  # noqa: E402, F401 - on this blueprint
