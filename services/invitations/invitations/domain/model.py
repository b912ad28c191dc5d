"""Which organisations may send invitations: those whose data-processing agreement is in force.

Nobody can be invited into a municipality's portal before the municipality has
signed its data-processing agreement (databehandleravtale). This service keeps
its own record of each agreement, built from identity's events. Events may
arrive late or twice: a record only moves forward (a higher agreement
version, or termination of the same version).
"""
from __future__ import annotations

from portal_contracts.agreements import AgreementRecord


class OrganisationAgreement(AgreementRecord):
    """This service's own record of identity's agreement (see portal_contracts.agreements)."""

    @property
    def may_send_invitations(self) -> bool:
        return self.in_force
