"""Who may read whose notifications: the person, administrators of the organisation a
message concerns, the operator. Framework-free; reads the verified principal."""
from __future__ import annotations

from typing import Any

from notifications.domain.exceptions import NotYourNotifications

ADMIN_ROLES = frozenset({"region_admin", "municipality_admin", "health_trust_admin"})
OPERATOR = "operator"


def administered(principal: Any) -> frozenset[str]:
    """The organisations the principal administers (from the token's memberships)."""
    memberships = getattr(principal, "memberships", None) or _from_claims(principal.claims)
    return frozenset(_field(m, "organisation_id") for m in memberships
                     if _field(m, "role") in ADMIN_ROLES)


def is_operator(principal: Any) -> bool:
    return bool(principal.has_role(OPERATOR))


def readable_organisations(principal: Any, person_id: str) -> frozenset[str] | None:
    """None: every notification of the person; else only those concerning these
    organisations. Refused when the principal may see none of them."""
    if principal.subject == person_id or is_operator(principal):
        return None
    organisations = administered(principal)
    if not organisations:
        raise NotYourNotifications("Only the person, their organisation's administrators "
                                   "and the operator read a person's notifications.")
    return organisations


def require_administrator(principal: Any, organisation_id: str | None) -> None:
    if is_operator(principal):
        return
    if organisation_id is None or organisation_id not in administered(principal):
        raise NotYourNotifications("This needs an administrator of the organisation or the "
                                   "operator.")


def _from_claims(claims: dict[str, Any]) -> list[Any]:
    # Until the kit's Principal carries memberships (branch identity), read the claim.
    found = claims.get("memberships") if isinstance(claims, dict) else None
    return [m for m in found if isinstance(m, dict)] if isinstance(found, list) else []


def _field(membership: Any, name: str) -> str:
    value = membership.get(name) if isinstance(membership, dict) else getattr(
        membership, name, None)
    return str(value or "")
