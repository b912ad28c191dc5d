"""A consumer's own record of an organisation's data-processing agreement.

Invitations, competencies and documents each keep this record, built from
identity's events, as the gate for their work: nothing may be done for an
organisation whose agreement is not in force. Events may arrive late or twice,
so a record only moves forward: a higher agreement version, or termination of
the current one. Pure code: no framework, no database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar


@dataclass(frozen=True)
class AgreementChange:
    organisation_id: str
    organisation_name: str
    version: int
    in_force: bool
    at: datetime


@dataclass(eq=False)
class AgreementRecord:
    organisation_id: str
    organisation_name: str
    agreement_version: int
    in_force: bool
    changed_at: datetime

    def apply(self, change: AgreementChange) -> bool:
        """Take a newer agreement state; ignore an older one. True if it changed."""
        newer = change.version > self.agreement_version
        ends_current = (change.version == self.agreement_version and self.in_force
                        and not change.in_force)
        if not (newer or ends_current):
            return False
        self.agreement_version, self.in_force = change.version, change.in_force
        self.changed_at, self.organisation_name = change.at, change.organisation_name
        return True


Record = TypeVar("Record", bound=AgreementRecord)


class AgreementRecords(Protocol[Record]):
    def get_for_update(self, organisation_id: str) -> Record | None: ...

    def add(self, record: Record) -> None: ...


def record_agreement_change(records: AgreementRecords[Record], change: AgreementChange,
                            record_type: type[Record]) -> None:
    """Start the organisation's record, or move it forward (locked against races)."""
    record = records.get_for_update(change.organisation_id)
    if record is None:
        records.add(record_type(change.organisation_id, change.organisation_name,
                                change.version, change.in_force, change.at))
    else:
        record.apply(change)
