"""What a national eID login tells identity about the person (framework-free)."""
from __future__ import annotations

from dataclasses import dataclass

from identity.domain.national_id import NationalId

HIGH, SUBSTANTIAL = "high", "substantial"


@dataclass(frozen=True)
class EidIdentity:
    broker: str
    national_id: NationalId
    given_name: str
    family_name: str
    assurance: str
    hpr_number: str | None = None

    @property
    def country(self) -> str:
        return self.national_id.country

    def __repr__(self) -> str:
        return f"EidIdentity({self.broker}, {self.assurance})"
