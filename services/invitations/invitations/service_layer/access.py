"""Who may act on a trainee's team or a tutor's appointments (from the token and projections)."""
from __future__ import annotations

from invitations.domain.exceptions import AgreementNotInForce, NotAllowed
from invitations.domain.roles import ADMIN_ROLES
from invitations.service_layer.unit_of_work import InvitationsUnitOfWork
from portal_kit.principal import Principal


def is_operator(by: Principal) -> bool:
    return by.has_role("operator")


def administers(by: Principal, holder_id: str) -> bool:
    """An administrator of this agreement holder (municipality, health trust, region)."""
    return any(by.has_membership(role, holder_id) for role in ADMIN_ROLES)


def require_team_access(by: Principal, trainee_id: str, holder_id: str) -> None:
    """The trainee themself, an administrator of the holder, or the operator."""
    if by.subject == trainee_id or administers(by, holder_id) or is_operator(by):
        return
    raise NotAllowed("Only the trainee and the organisation's administrators may act on "
                     "this team.", code="not_your_team")


def require_admin(by: Principal, holder_id: str) -> None:
    if not (administers(by, holder_id) or is_operator(by)):
        raise NotAllowed("Only the organisation's administrators may do this.")


def holder_of(uow: InvitationsUnitOfWork, organisation_id: str) -> str:
    """The agreement holder of an organisation: a place of training (practice, clinic,
    department) answers to its holder's agreement (a practice belongs to a region)."""
    known = uow.known.organisation(organisation_id)
    return known.holder_id if known is not None else organisation_id


def require_agreement(uow: InvitationsUnitOfWork, organisation_id: str) -> None:
    """Nothing is sent into an organisation without a data-processing agreement in force
    (a place of training's is its agreement holder's)."""
    if not agreement_in_force(uow, organisation_id):
        raise AgreementNotInForce("The organisation has no data-processing agreement in "
                                  "force: the portal may not be used there yet.")


def agreement_in_force(uow: InvitationsUnitOfWork, organisation_id: str) -> bool:
    record = uow.agreements.get(holder_of(uow, organisation_id))
    return record is not None and record.in_force
