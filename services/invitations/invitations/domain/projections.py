"""What invitations keeps of other services' state, built from their events.

Placements (competencies): a LIS1 team belongs to a placement, and a tutor's
trainees are those placed in the tutor's practices. People (identity): names for
the mails, and the Danish authorisation id a vejleder is appointed by before they
have registered. Organisations (identity): names, countries and each place's
agreement holder.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from invitations.domain.roles import time_zone, within

LIS1 = "lis1"


@dataclass(eq=False)
class Placement:
    placement_id: str
    enrolment_id: str
    trainee_id: str
    place_id: str
    agreement_holder_id: str
    curriculum: str
    starts_on: date
    ends_on: date
    country: str | None = None
    cancelled: bool = False

    @property
    def time_zone(self) -> str:
        return time_zone(self.country or ("NO" if self.curriculum == LIS1 else "DK"))

    def is_current(self, today: date) -> bool:
        return not self.cancelled and within(today, self.starts_on, self.ends_on)

    def is_current_or_planned(self, today: date) -> bool:
        return not self.cancelled and today <= self.ends_on

    @property
    def is_lis1(self) -> bool:
        return self.curriculum == LIS1


@dataclass(eq=False)
class Person:
    person_id: str
    given_name: str
    family_name: str
    email: str | None
    language: str | None
    country: str | None
    authorisation_id: str | None
    hpr_number: str | None
    changed_at: datetime

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


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


def current_placement(placements: list[Placement], today: date) -> Placement | None:
    """The trainee's current LIS1 placement (the latest started, if dates overlap)."""
    current = [p for p in placements if p.is_lis1 and p.is_current(today)]
    return max(current, key=lambda p: p.starts_on) if current else None
