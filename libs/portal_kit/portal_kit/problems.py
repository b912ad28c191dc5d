"""The one table from errors to RFC 9457 problem details."""
from __future__ import annotations

import json
from typing import Any

from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from portal_kit import faults
from portal_kit.errors import (
    Conflict,
    ContentTooLarge,
    ContentUnsupported,
    DomainError,
    Forbidden,
    Invalid,
    Malformed,
    NotFound,
    TooManyRequests,
    Unauthenticated,
    Unavailable,
)

PROBLEM_CONTENT_TYPE = "application/problem+json"
REALM = "portal"
INVALID_TOKEN_CODES = ("invalid_token", "token_expired")  # a token was sent, and is no good

STATUS_BY_ERROR: dict[type[DomainError], tuple[int, str]] = {
    Malformed: (400, "Bad request"),
    ContentTooLarge: (413, "Content too large"),
    ContentUnsupported: (415, "Unsupported media type"),
    Invalid: (422, "Unprocessable request"),
    Unauthenticated: (401, "Unauthenticated"),
    Forbidden: (403, "Forbidden"),
    NotFound: (404, "Not found"),
    Conflict: (409, "Conflict"),
    Unavailable: (503, "Service unavailable"),
    TooManyRequests: (429, "Too many requests"),
}


def problem(status: int, code: str, title: str, detail: str = "",
            errors: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status,
                            "detail": detail or title, "code": code}
    if errors:
        body["errors"] = errors
    return Response(json.dumps(body), status=status, headers=headers,
                    content_type=PROBLEM_CONTENT_TYPE)


def from_exception(exc: BaseException) -> Response | None:
    """A problem response for a known error, or None for a bug."""
    if isinstance(exc, ValidationError):
        return problem(422, "validation_failed", "Validation failed",
                       "The request has invalid fields.", errors=_field_errors(exc))
    if isinstance(exc, HTTPException):
        return problem(exc.code or 400, "http_error", exc.name, exc.description or "")
    if faults.is_conflicting_write(exc):
        return problem(409, "conflicting_change", "Conflict",
                       "A concurrent change conflicts with this one; read again and retry.")
    if faults.is_transient(exc) and not isinstance(exc, DomainError):
        return problem(503, "unavailable", "Service unavailable",
                       "A backing service is unavailable; retry later.",
                       headers={"Retry-After": "5"})
    for error_type in type(exc).__mro__:
        if error_type in STATUS_BY_ERROR:
            assert isinstance(exc, DomainError)
            status, title = STATUS_BY_ERROR[error_type]
            headers = {"WWW-Authenticate": bearer_challenge(exc)} if status == 401 else None
            if isinstance(exc, TooManyRequests):
                headers = {"Retry-After": str(exc.retry_after)}
            return problem(status, exc.code, title, exc.detail, exc.errors, headers)
    return None


def bearer_challenge(refused: DomainError) -> str:
    """``WWW-Authenticate`` of a 401 (RFC 6750 section 3): the realm alone when no token
    came, ``error="invalid_token"`` (with its description) when the token sent is expired,
    forged, malformed or names nobody (section 3.1)."""
    if refused.code not in INVALID_TOKEN_CODES:
        return f'Bearer realm="{REALM}"'
    detail = "".join(c for c in refused.detail if " " <= c <= "~" and c not in '"\\')
    return f'Bearer realm="{REALM}", error="invalid_token", error_description="{detail}"'


def internal_error() -> Response:
    return problem(500, "internal_error", "Internal error",
                   "The request could not be completed; it has been logged.")


def _field_errors(exc: ValidationError) -> dict[str, Any]:
    messages = exc.messages
    if isinstance(messages, dict):
        return messages
    return {"_schema": messages}
