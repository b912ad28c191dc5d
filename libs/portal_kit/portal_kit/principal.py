"""Who is acting: the verified subject of an access token (framework-free).

A person's token carries their administrative memberships (``Membership``: region,
municipality or health trust administrator, tutor, signatory), the eID assurance of the
login (``high`` | ``substantial``) and, for a registration-limited token,
``registration_pending``. Operator machine clients have ``roles={"operator"}``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MEMBERSHIP_ROLES = ("region_admin", "municipality_admin", "health_trust_admin", "tutor",
                    "signatory")


@dataclass(frozen=True)
class Membership:
    organisation_id: str
    role: str


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[str] = frozenset()
    organisation_id: str | None = None
    claims: dict[str, Any] = field(default_factory=dict, compare=False)
    memberships: frozenset[Membership] = frozenset()
    assurance: str | None = None
    registration_pending: bool = False

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def has_membership(self, role: str, organisation_id: str | None = None) -> bool:
        """True if a membership has this role (in this organisation, when one is named)."""
        return any(m.role == role and organisation_id in (None, m.organisation_id)
                   for m in self.memberships)

    def organisations_as(self, role: str) -> frozenset[str]:
        return frozenset(m.organisation_id for m in self.memberships if m.role == role)
