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

from portal_contracts.agreements import AgreementRecord


class OrganisationAgreement(AgreementRecord):
    """This service's own record of identity's agreement (see portal_contracts.agreements)."""

    @property
    def may_record_sign_offs(self) -> bool:
        """Trainees' programmes may be documented and signed off only while in force."""
        return self.in_force
