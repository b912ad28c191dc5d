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
