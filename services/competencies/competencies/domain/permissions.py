"""Who may sign what: the permission matrix (programme x kind of sign-off x role).

The matrix is data (``data/permissions.yaml``); this module reads it and decides, for a
person's rights over one trainee, which right they sign with today: a right is a role
(tutor from the placement; vejleder, leader, advisor, supervisor from relationships;
delegate from a leader's delegation) valid from one day to another in the organisation's
time zone. The refusals say why: no right at all for the trainee, a role that may not
sign this, or a right outside its window.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from competencies.domain.signoff_exceptions import (
    AssuranceTooLow,
    NotAssigned,
    OutsideWindow,
    RoleNotPermitted,
)

ASSURANCE_RANK = {"substantial": 1, "high": 2}
ACTIONS = ("submit", "log_activity", "confirm_activity", "recommend", "approve_item",
           "time_attestation", "learning_objective_attestation", "completed_service")


@dataclass(frozen=True)
class Right:
    """A person may act for a trainee in ``role`` from ``valid_from`` to ``valid_to``."""

    person_id: str
    role: str
    valid_from: date | None = None
    valid_to: date | None = None
    placement_id: str | None = None
    on_behalf_of: str | None = None

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to)


class Permissions:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.programmes: dict[str, dict[str, Any]] = dict(data["programmes"])
        self.assurance: dict[str, str] = dict(data["assurance"])
        self.resetters: tuple[str, ...] = tuple(data["reset"])

    def programme_of(self, curriculum: str, country: str) -> str:
        """The programme a curriculum belongs to (a Danish one not named: ``specialty``)."""
        for name, rules in self.programmes.items():
            if curriculum in rules.get("curricula", []):
                return name
        defaults = [n for n, r in self.programmes.items() if r.get("country") == country]
        if not defaults:
            raise KeyError(f"no programme for curriculum {curriculum} in {country}")
        return defaults[0]

    def roles(self, programme: str, action: str) -> tuple[str, ...]:
        return tuple(self.programmes[programme].get(action, ()))

    def may(self, programme: str, action: str, role: str) -> bool:
        return role in self.roles(programme, action)

    def required_recommendations(self, programme: str) -> tuple[str, ...]:
        return tuple(self.programmes[programme].get("approval_requires_recommendations", ()))

    def signing_right(self, programme: str, action: str, rights: Iterable[Right], day: date,
                      placement_id: str | None = None) -> Right:
        """The right the person signs with today, or why they may not."""
        relevant = [r for r in rights
                    if placement_id is None or r.placement_id in (None, placement_id)]
        if not relevant:
            raise NotAssigned("You have no right to act for this trainee.")
        permitted = self.roles(programme, action)
        candidates = sorted((r for r in relevant if r.role in permitted),
                            key=lambda r: permitted.index(r.role))
        if not candidates:
            roles = ", ".join(sorted({r.role for r in relevant}))
            raise RoleNotPermitted(f"As {roles} you may not sign this ({action}) in {programme}.")
        for right in candidates:
            if right.covers(day):
                return right
        raise OutsideWindow(f"Your right to sign for this trainee is not valid on {day}.")

    def check_assurance(self, country: str, assurance: str | None) -> None:
        required = self.assurance[country]
        if ASSURANCE_RANK.get(assurance or "", 0) < ASSURANCE_RANK[required]:
            raise AssuranceTooLow(f"Signing in {country} requires a login with {required} "
                                  f"assurance; yours is {assurance or 'unknown'}.")

    def may_reset(self, role: str) -> bool:
        return role in self.resetters


def load_permissions(text: str) -> Permissions:
    """The matrix from its YAML text (the adapter reads the shipped file)."""
    return Permissions(yaml.safe_load(text))
