"""A submitted form, its errors next to each field, and what a person typed kept across a
login: when the session ends in the middle of a form, the fields they sent are sealed
into a short-lived cookie, bound to who they were, and put back after they log in again.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import g, redirect, request
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from web.api import Problem
from web.messages import field_errors, field_message, problem_message
from web.parts import parts

DRAFT_COOKIE = "__Host-portal-draft"
DRAFT_SECONDS = 15 * 60
DRAFT_LIMIT = 3000  # bytes of sealed cookie; a larger draft is not kept
NOT_KEPT = {"csrf_token"}


@dataclass
class Form:
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str | None = None
    detail: str | None = None
    restored: bool = False

    @classmethod
    def submitted(cls, names: Iterable[str]) -> Form:
        return cls({name: request.form.get(name, "").strip() for name in names})

    @classmethod
    def submitted_args(cls, names: Iterable[str]) -> Form:
        """A search form, sent with GET."""
        return cls({name: request.args.get(name, "").strip()[:200] for name in names})

    def refused(self, problem: Problem) -> Form:
        self.errors = field_errors(problem.errors, self.values)
        self.message = problem_message(problem.code, problem.status)
        self.detail = problem.detail or None
        return self

    def missing(self, *names: str) -> Form:
        """Mark the form's required fields left empty (the form cannot say what it means
        without them); the service still decides whether what is filled in is right."""
        for name in names:
            if not self.values.get(name):
                self.error(name, field_message("Missing data for required field."))
        if self.errors:
            self.message = str(problem_message("validation_failed", 422))
        return self

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.message)


REFUSALS = (400, 409, 422)


def send_or_show(form: Form, send: Callable[[], Any], then: str | Callable[[Any], str],
                 show: Callable[[Form], str]) -> ResponseReturnValue:
    """Send what the form says; on success go to ``then`` (or where ``then(answer)`` says),
    on a refusal show the form again with the service's reasons beside the fields (422)."""
    if form.has_errors:
        return show(form), 422
    try:
        answer = send()
    except Problem as problem:
        if problem.status not in REFUSALS:
            raise
        return show(form.refused(problem)), 422
    return redirect(then(answer) if callable(then) else then, 303)


def prefilled(defaults: Mapping[str, Any]) -> Form:
    """A form with the values from the service, or what this person typed before a login."""
    form = Form({k: "" if v is None else str(v) for k, v in defaults.items()})
    draft = g.get("draft_kept")
    if draft and draft.get("path") == request.path:
        form.values.update({k: v for k, v in draft["fields"].items() if k in form.values})
        form.restored = True
        g.draft_used = True
    return form


def keep_typed(subject: str | None, response: Response) -> None:
    """Seal the posted fields for ``subject`` into the draft cookie (if they fit). A file
    form is not kept (nor read here: its page reads it as it arrives)."""
    if subject is None or request.method != "POST" or request.mimetype == "multipart/form-data":
        return
    fields = {k: v for k, v in request.form.items() if k not in NOT_KEPT}
    sealed = parts().cipher.seal(json.dumps({"subject": subject, "path": request.path,
                                             "fields": fields}))
    if sealed and len(sealed) <= DRAFT_LIMIT:
        response.set_cookie(DRAFT_COOKIE, sealed, max_age=DRAFT_SECONDS, secure=True,
                            httponly=True, samesite="Lax", path="/")


def open_kept(subject: str | None) -> None:
    """Make a kept draft available to this request if it belongs to the person logged in."""
    sealed = request.cookies.get(DRAFT_COOKIE)
    opened = parts().cipher.open(sealed) if sealed and subject else None
    draft = json.loads(opened) if opened else None
    g.draft_kept = draft if draft and draft.get("subject") == subject else None


def clear_used(response: Response) -> None:
    if g.get("draft_used"):
        response.delete_cookie(DRAFT_COOKIE, secure=True, httponly=True, samesite="Lax", path="/")
