from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from identity.domain.model import Organisation


class OrganisationRepository:
    """Organisations; every one handed out is tracked so its events reach the outbox."""

    def __init__(self, session: Session, track: Callable[[Any], Any]) -> None:
        self.session = session
        self.track = track

    def add(self, organisation: Organisation) -> None:
        self.session.add(self.track(organisation))

    def get(self, organisation_id: str) -> Organisation | None:
        organisation = self.session.get(Organisation, organisation_id)
        return self.track(organisation) if organisation is not None else None

    def get_by_number(self, country: str, organisation_number: str) -> Organisation | None:
        return self.session.scalars(select(Organisation).where(
            Organisation.country == country,
            Organisation.organisation_number == organisation_number)).first()

    def list(self) -> list[Organisation]:
        return list(self.session.scalars(select(Organisation).order_by(Organisation.name)))
