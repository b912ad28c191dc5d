"""The audit trail's words, free of any framework (domain code may import them).

An aggregate records what must be accountable in a list attribute ``audit``
(as it records ``events``), or a handler gives an entry to
``uow.record_audit(entry)``. The unit of work writes them in the same
transaction as the change, stamped with the time and the correlation id;
the database refuses to change or delete them afterwards
(``portal_kit.audit_log``).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SYSTEM = "system"  # the actor when the portal itself acts (a deadline passed, a sweep)


@dataclass(frozen=True)
class AuditEntry:
    """Who did what to which subject, on whose behalf, and why."""

    actor: str
    action: str
    subject_type: str
    subject_id: str
    on_behalf_of: str | None = None
    trainee_id: str | None = None
    organisation_id: str | None = None
    from_state: str | None = None
    to_state: str | None = None
    reason: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditRecord:
    """An entry as written: with its place in the log, its time and correlation id."""

    id: int
    at: datetime
    correlation_id: str | None
    entry: AuditEntry


class AuditNotConfigured(RuntimeError):
    """Audit entries given to a unit of work of a service without an audit table."""
