"""Which failures are the infrastructure's (retry later) rather than the request's or a bug's."""
from __future__ import annotations

from sqlalchemy import exc as sql

from portal_kit.errors import Unavailable

TRANSIENT: tuple[type[BaseException], ...] = (
    Unavailable, sql.OperationalError, sql.InterfaceError, sql.DisconnectionError,
    sql.TimeoutError, ConnectionError, TimeoutError)


def is_transient(exc: BaseException) -> bool:
    """A database or broker that cannot be reached now; the same work may succeed later."""
    return isinstance(exc, TRANSIENT)


def is_conflicting_write(exc: BaseException) -> bool:
    """A concurrent change won a uniqueness race (the loser's request conflicts)."""
    return isinstance(exc, sql.IntegrityError)
