"""Who may read whose notifications: the person, administrators of the organisation a
message concerns, the operator. Framework-free; reads the verified principal."""
from __future__ import annotations

from notifications.domain.exceptions import NotYourNotifications
from portal_kit.principal import Principal

ADMIN_ROLES = frozenset({"region_admin", "municipality_admin", "health_trust_admin"})
OPERATOR = "operator"


def administered(principal: Principal) -> frozenset[str]:
    """The organisations the principal administers (from the token's memberships)."""
    return frozenset(m.organisation_id for m in principal.memberships if m.role in ADMIN_ROLES)


def is_operator(principal: Principal) -> bool:
    return bool(principal.has_role(OPERATOR))


def readable_organisations(principal: Principal, person_id: str) -> frozenset[str] | None:
    """None: every notification of the person; else only those concerning these
    organisations. Refused when the principal may see none of them."""
    if principal.subject == person_id or is_operator(principal):
        return None
    organisations = administered(principal)
    if not organisations:
        raise NotYourNotifications("Only the person, their organisation's administrators "
                                   "and the operator read a person's notifications.")
    return organisations


def require_administrator(principal: Principal, organisation_id: str | None) -> None:
    if is_operator(principal):
        return
    if organisation_id is None or organisation_id not in administered(principal):
        raise NotYourNotifications("This needs an administrator of the organisation or the "
                                   "operator.")
