"""The token's principal → the ``Actor`` the domain's rules read."""
from __future__ import annotations

from documents.domain.access import Actor
from portal_kit.principal import Principal


def actor_of(principal: Principal) -> Actor:
    """Who acts: the person (or client), whether operator, their memberships and the
    assurance of their login."""
    return Actor(principal.subject, principal.has_role("operator"),
                 frozenset((m.organisation_id, m.role) for m in principal.memberships),
                 principal.assurance)
