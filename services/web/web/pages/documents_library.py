"""The curriculum file library: the programme's forms and cards ("KBU files", "specialty-
specific files") for its trainees and tutors; administrators publish them (streamed, like
an upload) and every earlier version stays downloadable."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from web import csrf, uploads
from web.api import Problem, ServiceDown
from web.auth import login_required, person_token
from web.forms import Form
from web.menu import ADMIN_ROLES, roles_of
from web.pages.documents import V1, documents, passed_on
from web.pages.documents_words import CATEGORIES, LABELS, NOTICES, choose_file, refused, size
from web.parts import parts

bp = Blueprint("library", __name__, url_prefix="/library")
PUBLISHERS = ADMIN_ROLES | {"operator"}
PUBLISH_FIELDS = ("title", "category")


def publisher() -> bool:
    return bool(roles_of(g.visit.claims or {}) & PUBLISHERS)


def _programmes() -> list[dict[str, Any]]:
    """The curriculum versions I am in (documents), and for publishers every curriculum
    competencies knows (when it answers)."""
    found = {(p["curriculum"], p["curriculum_version"]): p["programme"] for p in
             documents().get(f"{V1}/me/programmes", token=person_token)}
    if publisher():
        try:
            for c in parts().services["competencies"].get("/api/competencies/v1/curricula",
                                                          token=person_token):
                found.setdefault((c["curriculum"], c["version"]), c["title"])
        except (Problem, ServiceDown, KeyError, TypeError):
            pass  # publishers may still name a curriculum version themselves
    return [{"curriculum": c, "version": v, "programme": t} for (c, v), t in sorted(found.items())]


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    chosen = Form.submitted_args(("curriculum", "version"))
    if chosen.values["curriculum"] and chosen.values["version"]:
        return redirect(url_for("library.files", **chosen.values), 303)
    return render_template("documents/library_index.html", programmes=_programmes(),
                           publisher=publisher(), form=chosen, labels=LABELS)


@bp.get("/<curriculum>/<version>")
@login_required
def files(curriculum: str, version: str) -> ResponseReturnValue:
    return _files_page(curriculum, version, Form({"category": "form"}))


def _files_page(curriculum: str, version: str, form: Form) -> str:
    found = documents().get(f"{V1}/library/{curriculum}/{version}/files", token=person_token)
    return render_template(
        "documents/library.html", curriculum=curriculum, version=version, files=found,
        grouped={c: [f for f in found if f["category"] == c] for c in CATEGORIES},
        categories=CATEGORIES, publisher=publisher(), form=form, labels=LABELS, size=size,
        limits=documents().get(f"{V1}/uploads/limits"),
        done=NOTICES.get(request.args.get("done", "")))


@bp.get("/files/<file_id>/file")
@login_required
def current(file_id: str) -> ResponseReturnValue:
    return passed_on(f"{V1}/library/files/{file_id}/content")


@bp.get("/files/<file_id>/versions/<int:number>/file")
@login_required
def version(file_id: str, number: int) -> ResponseReturnValue:
    return passed_on(f"{V1}/library/files/{file_id}/versions/{number}/content")


@bp.post("/<curriculum>/<version>/publish")
@csrf.in_streamed_body
@login_required
def publish(curriculum: str, version: str) -> ResponseReturnValue:
    """A new file, or (with ``file_id``) a new version of one, sent on as it arrives."""
    try:
        streamed = uploads.read_streamed(request)
    except uploads.FormUnreadable:
        abort(400)
    csrf.verify(streamed.fields.get(csrf.FIELD))
    file_id = streamed.fields.get("file_id", "").strip()
    form = Form({name: streamed.fields.get(name, "").strip() for name in PUBLISH_FIELDS})
    if not file_id:
        form.missing(*PUBLISH_FIELDS)
    if not streamed.filename:
        choose_file(form)
    if form.has_errors:
        streamed.drain()
        return _files_page(curriculum, version, form), 422
    path = f"{V1}/library/files/{file_id}/versions" if file_id else \
        f"{V1}/library/{curriculum}/{version}/files"
    try:
        documents().send_stream(path, streamed.chunks, token=person_token,
                                filename=streamed.filename,
                                **({} if file_id else form.values))
    except Problem as problem:
        streamed.drain()
        if problem.status == 401:
            raise
        return _files_page(curriculum, version, refused(form, problem)), 422
    return redirect(url_for("library.files", curriculum=curriculum, version=version,
                            done="published"), 303)
