"""Who is acting: the verified subject of an access token (framework-free)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[str] = frozenset()
    organisation_id: str | None = None
    claims: dict[str, Any] = field(default_factory=dict, compare=False)

    def has_role(self, role: str) -> bool:
        return role in self.roles
