"""Whose sign-offs may be recorded: organisations whose data-processing agreement is in force.

A sign-off is a legal record. The programmes of an organisation's trainees (a
municipality's LIS1 doctors, a region's uddannelseslæger) may be documented and
signed off only while the organisation's data-processing agreement
(databehandleravtale) with the operator is in force. This service keeps its own
record of each agreement, built from identity's events. Events may arrive late
or twice: a record only moves forward (a higher agreement version, or
termination of the current version).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(eq=False)
class OrganisationAgreement:
    organisation_id: str
    organisation_name: str
    agreement_version: int
    in_force: bool
    changed_at: datetime

    def apply(self, version: int, in_force: bool, at: datetime, name: str) -> bool:
        """Take a newer agreement state; ignore an older one. True if it changed."""
        newer = version > self.agreement_version
        ends_current = version == self.agreement_version and self.in_force and not in_force
        if not (newer or ends_current):
            return False
        self.agreement_version, self.in_force = version, in_force
        self.changed_at, self.organisation_name = at, name
        return True

    @property
    def may_record_sign_offs(self) -> bool:
        """Trainees' programmes may be documented and signed off only while in force."""
        return self.in_force
