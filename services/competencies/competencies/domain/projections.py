"""What competencies keeps of other services' state, built from their events.

Organisations (identity): places of training with their kind, agreement holder and
country. Memberships (identity): who is tutor of which practice, who administers which
holder. People (identity): names for lists. Relationships (invitations): the LIS1
leader, advisor and supervisors and the Danish vejledere, with their windows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

HOLDER_KINDS = ("region", "municipality", "health_trust")
ADMIN_ROLES = ("region_admin", "municipality_admin", "health_trust_admin")
TUTOR = "tutor"


@dataclass(eq=False)
class Organisation:
    organisation_id: str
    name: str
    kind: str
    country: str
    agreement_holder_id: str | None

    @property
    def holder_id(self) -> str:
        return self.agreement_holder_id or self.organisation_id

    @property
    def is_holder(self) -> bool:
        return self.agreement_holder_id is None and self.kind in HOLDER_KINDS


@dataclass(eq=False)
class Membership:
    person_id: str
    organisation_id: str
    role: str
    agreement_holder_id: str
    since: datetime
    withdrawn_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


@dataclass(eq=False)
class Person:
    person_id: str
    given_name: str
    family_name: str

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(eq=False)
class Relationship:
    """A person who may act for a trainee (invitations' ``relationship.*``)."""

    relationship_id: str
    trainee_id: str
    person_id: str
    role: str
    organisation_id: str
    valid_from: date
    valid_to: date | None
    version: int
    ended: bool = False

    def is_active(self, today: date) -> bool:
        return (not self.ended and self.valid_from <= today
                and (self.valid_to is None or today <= self.valid_to))
