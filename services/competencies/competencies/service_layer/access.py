"""Who acts, in the domain's words: administrators of a holder, tutors, the operator."""
from __future__ import annotations

from datetime import date

from competencies.domain.curricula import TIME_ZONES
from competencies.domain.exceptions import NotHolderAdministrator
from competencies.domain.projections import ADMIN_ROLES, TUTOR
from competencies.domain.visibility import Reader
from portal_kit.clock import Clock, local_date
from portal_kit.principal import Principal


def is_operator(by: Principal) -> bool:
    return by.has_role("operator")


def administers(by: Principal) -> frozenset[str]:
    return frozenset(m.organisation_id for m in by.memberships if m.role in ADMIN_ROLES)


def require_administrator(by: Principal, holder_id: str) -> None:
    """An administrator of the agreement holder, or the operator."""
    if not (is_operator(by) or holder_id in administers(by)):
        raise NotHolderAdministrator("Only an administrator of the agreement holder may "
                                     "do this.")


def reader(by: Principal) -> Reader:
    return Reader(by.subject, is_operator(by), administers(by), by.organisations_as(TUTOR))


def today(clock: Clock, country: str) -> date:
    """The local date in the country of a curriculum (or a holder)."""
    return local_date(clock.now(), TIME_ZONES.get(country, "UTC"))
