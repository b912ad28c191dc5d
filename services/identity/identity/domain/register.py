"""The authorisation registers of health personnel: HPR (Norway, by HPR number) and the
Danish Autorisationsregister (by authorisation id, keyed by CPR)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from identity.domain.national_id import NationalId


@dataclass(frozen=True)
class RegisterEntry:
    country: str
    register_id: str  # HPR number (NO) or authorisation id (DK)
    given_name: str
    family_name: str
    birth_year: int
    profession: str
    specialty: str | None
    status: str

    @property
    def hpr_number(self) -> str | None:
        return self.register_id if self.country == "NO" else None

    @property
    def authorisation_id(self) -> str | None:
        return self.register_id if self.country == "DK" else None


@dataclass(frozen=True)
class RegisterQuery:
    country: str | None = None
    name: str | None = None
    hpr_number: str | None = None
    authorisation_id: str | None = None
    limit: int = 25


class AuthorisationRegister(Protocol):
    """What identity needs of a register; a production adapter implements the same."""

    def search(self, query: RegisterQuery) -> list[RegisterEntry]: ...

    def get(self, country: str, register_id: str) -> RegisterEntry | None: ...

    def by_national_id(self, national_id: NationalId) -> RegisterEntry | None:
        """Denmark only: the register is keyed by CPR (looked up at login)."""
        ...
