from __future__ import annotations

from sqlalchemy.orm import Session

from invitations.domain.model import OrganisationAgreement


class AgreementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, agreement: OrganisationAgreement) -> None:
        self.session.add(agreement)

    def get(self, organisation_id: str) -> OrganisationAgreement | None:
        return self.session.get(OrganisationAgreement, organisation_id)

    def get_for_update(self, organisation_id: str) -> OrganisationAgreement | None:
        """The record, locked until commit: concurrent events for one organisation
        apply one after the other, so a record never moves back."""
        return self.session.get(OrganisationAgreement, organisation_id, with_for_update=True)
