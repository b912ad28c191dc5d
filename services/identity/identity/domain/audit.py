"""Audit entries the aggregates record (the kit's audit log writes them on commit)."""
from __future__ import annotations

from typing import Any

try:
    from portal_kit.audit import AuditEntry
except ImportError:  # pragma: no cover - until the kit's audit log is merged
    from collections.abc import Mapping
    from dataclasses import dataclass, field

    @dataclass(frozen=True)
    class AuditEntry:  # type: ignore[no-redef]
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


def entry(actor: str, action: str, subject_type: str, subject_id: str,
          **details: Any) -> AuditEntry:
    return AuditEntry(actor=actor, action=action, subject_type=subject_type,
                      subject_id=subject_id, **details)
