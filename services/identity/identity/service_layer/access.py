"""Who may do what: checked against the principal's token and identity's own data."""
from __future__ import annotations

from identity.domain.exceptions import InvalidMembership, NotAllowed
from identity.domain.model import PLACE_KINDS, Organisation, OrganisationKind
from identity.domain.people import OPERATOR, Role
from portal_kit.principal import Principal

ADMIN_ROLE = {OrganisationKind.REGION: Role.REGION_ADMIN,
              OrganisationKind.MUNICIPALITY: Role.MUNICIPALITY_ADMIN,
              OrganisationKind.HEALTH_TRUST: Role.HEALTH_TRUST_ADMIN}


def is_operator(by: Principal) -> bool:
    return by.has_role(OPERATOR)


def is_machine(by: Principal) -> bool:
    return by.claims.get("client_id") == by.subject


def require_operator(by: Principal, scope: str | None = None) -> None:
    if not is_operator(by):
        raise NotAllowed("Only the operator may do this.", code="role_required")
    if scope and is_machine(by) and scope not in str(by.claims.get("scope", "")).split():
        raise NotAllowed(f"This client lacks the scope '{scope}'.", code="scope_required")


def administers(by: Principal, holder: Organisation | None) -> bool:
    """The principal is an administrator of this agreement holder (from the token)."""
    if holder is None or holder.kind not in ADMIN_ROLE:
        return False
    return by.has_membership(ADMIN_ROLE[holder.kind].value, holder.id)


def require_operator_or_admin(by: Principal, holder: Organisation | None,
                              scope: str | None = None) -> None:
    if is_operator(by):
        require_operator(by, scope)
    elif not administers(by, holder):
        raise NotAllowed("Only the operator or an administrator of the organisation may do "
                         "this.", code="not_allowed")


def check_membership_fits(role: Role, organisation: Organisation) -> None:
    if role is Role.TUTOR:
        fits = organisation.kind in PLACE_KINDS
    elif role is Role.SIGNATORY:
        fits = organisation.is_holder
    else:
        fits = ADMIN_ROLE.get(organisation.kind) is role
    if not fits:
        raise InvalidMembership(f"A {role.value} cannot belong to a {organisation.kind.value}.")


def require_may_grant(by: Principal, role: Role, organisation: Organisation,
                      holder: Organisation | None) -> None:
    """The operator grants any membership; a holder's administrator grants tutors of the
    holder's places (Denmark: "din adgang tildeles af din region")."""
    if is_operator(by):
        require_operator(by, "people")
        return
    if role is Role.TUTOR and administers(by, holder):
        return
    raise NotAllowed("You may not grant or withdraw this membership.", code="not_allowed")
