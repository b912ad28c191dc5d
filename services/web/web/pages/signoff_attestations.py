"""Sign-off pages for attestations and curriculum versions: the trainee marks a placement's
attestation ready for approval or recalls it; the approver gives it (from the trainee's page
or the queue) or returns it with a comment; an administrator moves the trainee to the next
curriculum version. The competencies service decides; these pages ask it."""
from __future__ import annotations

from flask import abort, request, url_for
from flask.typing import ResponseReturnValue

from web.auth import login_required, person_token
from web.forms import Form, send_or_show
from web.pages.signoff import V1, _body, _post, bp, competencies, queue

ACTIONS = {"submit": ("placement_id",), "recall": ("placement_id", "version"),
           "return": ("placement_id", "version", "comment")}


@bp.post("/enrolments/<enrolment_id>/attestations/<code>")
@login_required
def attest(enrolment_id: str, code: str) -> ResponseReturnValue:
    """Give an attestation (after its klarmelding or directly); from the queue, back there."""
    form = Form.submitted(("placement_id", "comment", "version"))
    path = f"{V1}/enrolments/{enrolment_id}/attestations/{code}/approve"
    if request.form.get("from") == "queue":
        return send_or_show(form, lambda: competencies().post(path, _body(form),
                                                              token=person_token),
                            url_for("signoff.queue", notice="signoff_approved"),
                            lambda refused: queue(refused))
    return _post(path, _body(form), form, enrolment_id, "#attestations")


@bp.post("/enrolments/<enrolment_id>/attestations/<code>/<action>")
@login_required
def attestation_action(enrolment_id: str, code: str, action: str) -> ResponseReturnValue:
    if action not in ACTIONS:
        abort(404)
    form = Form.submitted(ACTIONS[action])
    if action == "return":
        form.missing("comment")
    path = f"{V1}/enrolments/{enrolment_id}/attestations/{code}/{action}"
    return _post(path, _body(form), form, enrolment_id, "#attestations")


@bp.post("/enrolments/<enrolment_id>/curriculum-version")
@login_required
def move_version(enrolment_id: str) -> ResponseReturnValue:
    form = Form.submitted(("curriculum_version",))
    form.missing("curriculum_version")
    path = f"{V1}/enrolments/{enrolment_id}/curriculum-version"
    return _post(path, _body(form), form, enrolment_id)
