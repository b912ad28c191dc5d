"""What a person sees when something is not right: a page, never a stack trace.

Each failure has one handler here: a missing login sends the person to log in (keeping
what they typed in a form), a refused CSRF token explains itself, a service that is down
gets a page saying which and what to do, a refusal a page says, and a bug gets an
apology with the correlation id to quote, while the log gets the trace.
"""
from __future__ import annotations

import logging
from urllib.parse import urlencode

from flask import Flask, Response, g, redirect, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

from portal_kit import correlation
from web import forms
from web.api import Problem, ServiceDown
from web.csrf import CsrfRefused
from web.observability import UPSTREAM_FAILURES
from web.oidc import IdentityUnavailable, LoginFailed
from web.security import safe_return_to
from web.sessions import LoginRequired

log = logging.getLogger("web.errors")


def page(template: str, status: int, **context: object) -> tuple[str, int]:
    return render_template(template, correlation_id=correlation.get(), **context), status


def login_required(_error: Exception) -> BaseResponse:
    """To the login page, back here afterwards; a form's fields are kept for the same person."""
    return_to = safe_return_to(request.full_path.rstrip("?") if request.method == "GET"
                               else request.path)
    ended = g.visit.ended_subject if "visit" in g else None
    query = {"return_to": return_to, **({"reason": "expired"} if ended else {})}
    target = "/login?" + urlencode(query)
    response: BaseResponse = redirect(target, 303)
    if request.headers.get("HX-Request"):  # htmx: the whole page goes to the login
        response = Response(status=200, headers={"HX-Redirect": target})
    forms.keep_typed(ended, response)
    return response


def service_down(error: ServiceDown | IdentityUnavailable) -> tuple[str, int]:
    service = error.service if isinstance(error, ServiceDown) else "identity"
    UPSTREAM_FAILURES.labels(service).inc()
    log.warning("service %s unavailable: %s", service, error)
    return page("errors/service_down.html", 503, service=service)


def problem(error: Problem) -> tuple[str, int] | BaseResponse:
    if error.status == 401:
        return login_required(error)
    status = error.status if error.status in (403, 404, 409, 429) else 400
    return page("errors/problem.html", status, problem=error)


def login_failed(error: LoginFailed) -> tuple[str, int]:
    log.error("identity's answers cannot be trusted: %s", error)
    return page("auth/failed.html", 400, reason="refused")


def csrf_refused(error: CsrfRefused) -> tuple[str, int]:
    log.warning("CSRF check refused %s %s: %s", request.method, request.path, error)
    return page("errors/csrf.html", 403)


def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    if error.code in (403, 404, 405, 413):
        return page("errors/http.html", error.code or 400, error=error)
    return error


def bug(error: Exception) -> tuple[str, int]:
    log.exception("unexpected error in %s %s", request.method, request.path)
    return page("errors/bug.html", 500)


def init_app(app: Flask) -> None:
    app.register_error_handler(LoginRequired, login_required)
    app.register_error_handler(ServiceDown, service_down)
    app.register_error_handler(IdentityUnavailable, service_down)
    app.register_error_handler(LoginFailed, login_failed)
    app.register_error_handler(Problem, problem)
    app.register_error_handler(CsrfRefused, csrf_refused)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, bug)
