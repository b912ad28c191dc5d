"""Paper evidence: the trainee uploads scans and follows them; the tutor confirms or rejects.

The upload form is read as it arrives and its file passed on to documents as it is read
(``web.uploads``): the web front end never holds a whole file. Documents decides
everything (who may upload, see, confirm; whether a file is a real PDF, JPEG or PNG);
these pages show its answers in words.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from web import csrf, uploads
from web.api import Problem, ServiceDown
from web.auth import login_required, person_token
from web.forms import Form
from web.pages.documents_words import (
    FILE_PROBLEMS,
    KINDS,
    LABELS,
    NOTICES,
    STATES,
    choose_file,
    refused,
    size,
)
from web.parts import parts

bp = Blueprint("documents", __name__, url_prefix="/documents")
V1 = "/api/documents/v1"
UPLOAD_FIELDS = ("kind", "description", "curriculum_item", "enrolment_id")
PASSED_HEADERS = ("Content-Type", "Content-Length", "Content-Disposition", "Content-Digest",
                  "X-Content-Type-Options", "Content-Security-Policy")
PREVIEWED = ("image/jpeg", "image/png")
DONE = {"confirm": "confirmed", "reject": "rejected", "withdraw": "withdrawn"}


@bp.app_context_processor
def document_words() -> dict[str, Any]:
    """The kinds' names for the confirmed documents shown on other areas' pages
    (``documents/_beside.html``, on the sign-off page)."""
    return {"document_kinds": KINDS}


def documents() -> Any:
    return parts().services["documents"]


def _mine(path: str) -> Any:
    return documents().get(f"{V1}{path}", token=person_token)


@bp.get("/")
@login_required
def mine() -> ResponseReturnValue:
    """My documents with their state, the upload form, and what awaits my confirmation."""
    return _mine_page(Form({"kind": "course_certificate"}))


def _mine_page(form: Form) -> str:
    programmes = [p for p in _mine("/me/programmes") if p["role"] == "trainee"]
    return render_template(
        "documents/mine.html", form=form, documents=list(reversed(_mine("/me/documents"))),
        programmes=programmes,
        programme_options=[(p["enrolment_id"], p["programme"]) for p in programmes],
        waiting=len(_mine("/me/awaiting-confirmation")),
        kinds=KINDS, states=STATES, labels=LABELS, limits=_limits(), size=size,
        done=NOTICES.get(request.args.get("done", "")))


@bp.post("/upload")
@csrf.in_streamed_body
@login_required
def upload() -> ResponseReturnValue:
    """Read the form's fields, check its token, then send the file on as it arrives."""
    try:
        streamed = uploads.read_streamed(request)
    except uploads.FormUnreadable:
        form = Form({"kind": "course_certificate"})
        form.message = str(FILE_PROBLEMS["malformed_multipart"])
        return _mine_page(form), 400
    csrf.verify(streamed.fields.get(csrf.FIELD))
    form = Form({name: streamed.fields.get(name, "").strip() for name in UPLOAD_FIELDS})
    form.missing("kind")
    if not streamed.filename:
        choose_file(form)
    if form.has_errors:
        streamed.drain()
        return _mine_page(form), 422
    limit = _limits()["max_bytes"]
    counted = uploads.Counted(streamed.chunks)
    try:
        if uploads.surely_larger_than(request, limit):
            raise Problem(413, "file_too_large")
        send_file(f"{V1}/documents", counted, limit, filename=streamed.filename,
                  **{k: v for k, v in form.values.items() if v})
    except Problem as problem:
        streamed.drain()
        if problem.status == 401:
            raise
        return _mine_page(refused(form, problem, limit)), 422
    return redirect(url_for("documents.mine", done="uploaded"), 303)


def send_file(path: str, counted: uploads.Counted, limit: int, **params: str) -> Any:
    """Pass the file on; documents cutting it off past the limit means it was too large."""
    try:
        return documents().send_stream(path, counted, token=person_token, **params)
    except ServiceDown:
        if counted.sent > limit:
            raise Problem(413, "file_too_large") from None
        raise


def _limits() -> dict[str, Any]:
    return dict(documents().get(f"{V1}/uploads/limits"))


@bp.get("/<document_id>")
@login_required
def document(document_id: str) -> ResponseReturnValue:
    return _document_page(document_id, Form())


def _document_page(document_id: str, form: Form) -> str:
    found = _mine(f"/documents/{document_id}")
    history = _mine(f"/documents/{document_id}/history")
    return render_template("documents/document.html", document=found, history=history,
                           form=form, kinds=KINDS, states=STATES, labels=LABELS,
                           size=size, previewed=found["media_type"] in PREVIEWED,
                           done=NOTICES.get(request.args.get("done", "")))


@bp.get("/<document_id>/file")
@login_required
def file(document_id: str) -> ResponseReturnValue:
    """The document's file, passed on from documents as it arrives (an attachment)."""
    return passed_on(f"{V1}/documents/{document_id}/content")


@bp.get("/<document_id>/preview")
@login_required
def preview(document_id: str) -> ResponseReturnValue:
    """A scanned image shown on the document's page (PDFs are downloaded instead)."""
    response = passed_on(f"{V1}/documents/{document_id}/content")
    if response.mimetype not in PREVIEWED:
        response.close()
        abort(404)
    response.headers["Content-Disposition"] = "inline"
    return response


def passed_on(path: str) -> Response:
    upstream = documents().open_stream(path, token=person_token)
    headers = {k: upstream.headers[k] for k in PASSED_HEADERS if k in upstream.headers}
    body = upstream.iter_content(uploads.CHUNK)
    response = Response(body, headers=headers, direct_passthrough=True)
    response.call_on_close(upstream.close)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<document_id>/<action>")
@login_required
def decide(document_id: str, action: str) -> ResponseReturnValue:
    """Confirm, reject (with a reason) or withdraw; a refusal is shown on the document."""
    if action not in DONE:
        abort(404)
    form = Form.submitted(("reason",))
    if action == "reject":
        form.missing("reason")
    if form.has_errors:
        return _document_page(document_id, form), 422
    body = {"reason": form.values["reason"]} if action == "reject" else {}
    try:
        documents().post(f"{V1}/documents/{document_id}/{action}", body, token=person_token)
    except Problem as problem:
        if problem.status not in (403, 409, 422):
            raise
        return _document_page(document_id, refused(form, problem)), 422
    back = "documents.mine" if action == "withdraw" else "documents.to_confirm"
    return redirect(url_for(back, done=DONE[action]), 303)


@bp.get("/to-confirm")
@login_required
def to_confirm() -> ResponseReturnValue:
    """The tutor's (or entitled approver's) queue: documents awaiting their confirmation."""
    return render_template("documents/to_confirm.html",
                           documents=_mine("/me/awaiting-confirmation"), kinds=KINDS,
                           labels=LABELS, size=size,
                           done=NOTICES.get(request.args.get("done", "")))
