"""The token's principal → the ``Actor`` the domain's rules read."""
from __future__ import annotations

from typing import Any

from documents.domain.access import Actor
from portal_kit.principal import Principal


def actor_of(principal: Principal) -> Actor:
    """Who acts: the person (or client), whether operator, and their memberships."""
    return Actor(principal.subject, principal.has_role("operator"),
                 frozenset(_memberships(principal)))


def _memberships(principal: Principal) -> set[tuple[str, str]]:
    # The token's ``memberships`` claim (contracts 4); read from the claims until the
    # kit's Principal carries them itself (branch identity).
    listed: Any = getattr(principal, "memberships", None)
    if listed is not None:
        return {(m.organisation_id, m.role) for m in listed}
    claimed = principal.claims.get("memberships")
    if not isinstance(claimed, list):
        return set()
    return {(str(m["organisation_id"]), str(m["role"])) for m in claimed
            if isinstance(m, dict) and m.get("organisation_id") and m.get("role")}
