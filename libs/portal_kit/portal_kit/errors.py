"""Domain exceptions shared by every service.

Domain code raises these (or subclasses with a more specific ``code``);
``portal_kit.http`` translates them to RFC 9457 problem details in one table.
They import nothing from any framework.
"""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every user-facing error; ``code`` is stable and machine-readable."""

    code = "error"

    def __init__(self, detail: str = "", *, code: str | None = None,
                 errors: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        self.errors = errors or {}


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class Forbidden(DomainError):
    code = "forbidden"


class Invalid(DomainError):
    code = "invalid"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class ContentTooLarge(DomainError):
    """A request body (an uploaded file) is larger than the endpoint accepts (413)."""

    code = "content_too_large"


class ContentUnsupported(DomainError):
    """A request body is of a media type the endpoint does not accept (415)."""

    code = "content_unsupported"


class Unavailable(DomainError):
    """A dependency (database, broker, key set) cannot be reached right now."""

    code = "unavailable"


class Malformed(DomainError):
    """The request itself cannot be read (not JSON, not an object, too large)."""

    code = "malformed_request"


class TooManyRequests(DomainError):
    """A rate limit was reached; ``retry_after`` says in how many seconds to try again."""

    code = "rate_limited"

    def __init__(self, detail: str = "", *, retry_after: int = 1,
                 code: str | None = None) -> None:
        super().__init__(detail, code=code)
        self.retry_after = max(1, int(retry_after))
