"""Whose evidence may be uploaded: organisations whose data-processing agreement is in force.

Trainees scan and upload paper evidence (course certificates, time
attestations) for their tutor to confirm. Evidence may be uploaded for an
organisation's trainees only while the organisation's data-processing agreement
(databehandleravtale) with the operator is in force: without it the operator
may not hold the files. This service keeps its own record of each agreement,
built from identity's events. Events may arrive late or twice: a record only
moves forward (a higher agreement version, or termination of the current
version).
"""
from __future__ import annotations

from portal_contracts.agreements import AgreementRecord


class OrganisationAgreement(AgreementRecord):
    """This service's own record of identity's agreement (see portal_contracts.agreements)."""

    @property
    def may_accept_uploads(self) -> bool:
        """Evidence may be uploaded for the organisation's trainees only while in force."""
        return self.in_force
