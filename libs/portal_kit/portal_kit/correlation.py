"""The correlation id of the work in hand, carried HTTP -> event -> handler.

Each nameko worker runs in its own greenlet, and greenlets have their own
context, so a context variable set in a worker stays with that worker.
"""
from __future__ import annotations

import uuid
from contextvars import ContextVar

_current: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def get() -> str:
    """The current correlation id, or a fresh one when none was set."""
    value = _current.get()
    if value is None:
        value = new()
        _current.set(value)
    return value


def peek() -> str | None:
    return _current.get()


def set(value: str | None) -> None:  # noqa: A001 - mirrors ContextVar.set
    _current.set(value)


def new() -> str:
    return str(uuid.uuid4())
