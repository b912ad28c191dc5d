"""Audit entries the aggregates record (the kit's audit log writes them on commit)."""
from __future__ import annotations

from typing import Any

from portal_kit.audit import AuditEntry


def entry(actor: str, action: str, subject_type: str, subject_id: str,
          **details: Any) -> AuditEntry:
    return AuditEntry(actor=actor, action=action, subject_type=subject_type,
                      subject_id=subject_id, **details)
