"""The menu: each role sees only what it may use (roles and memberships from the token).

The services decide what a person may do; the menu only leaves out what they may not,
so nobody is shown a page that would refuse them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

ADMIN_ROLES = frozenset({"region_admin", "municipality_admin", "health_trust_admin"})
DOCUMENT_ADMINS = ADMIN_ROLES | {"operator"}
PROGRAMME_ADMINS = ADMIN_ROLES | {"operator"}


@dataclass(frozen=True)
class Item:
    endpoint: str
    label: LazyString


def memberships(claims: Mapping[str, Any]) -> set[tuple[str, str]]:
    found = claims.get("memberships") or []
    return {(str(m.get("organisation_id")), str(m.get("role")))
            for m in found if isinstance(m, Mapping)}


def roles_of(claims: Mapping[str, Any]) -> set[str]:
    return {role for _, role in memberships(claims)} | set(claims.get("roles") or [])


def registration_pending(claims: Mapping[str, Any] | None) -> bool:
    return bool(claims) and (claims or {}).get("registration") == "pending"


def menu_for(claims: Mapping[str, Any] | None) -> list[Item]:
    public = [Item("public.agreements", _l("Agreement status"))]
    if not claims:
        return public
    if registration_pending(claims):
        return [Item("account.registration", _l("Registration"))]
    roles = roles_of(claims)
    items = [Item("public.home", _l("Home"))]
    items += [Item("programmes.mine", _l("My programme"))] if not roles & PROGRAMME_ADMINS else []
    if "operator" in roles:
        items += [Item("operator.organisations", _l("Organisations")),
                  Item("operator.agreement_texts", _l("Agreement texts"))]
        items.append(Item("notifications.log", _l("Delivery log")))
    if "signatory" in roles:
        items.append(Item("signatory.agreements", _l("Sign the agreement")))
    if "region_admin" in roles:
        items.append(Item("admin.tutors", _l("Tutors' access")))
    if roles & ADMIN_ROLES:
        items.append(Item("admin.people", _l("People")))
        items.append(Item("notifications.failed", _l("Failed deliveries")))
    items += [Item("programmes.enrolments", _l("Programmes"))] if roles & PROGRAMME_ADMINS else []
    items += [Item("programmes.access", _l("Open access"))] if "region_admin" in roles else []
    items += [Item("programmes.trainees", _l("My trainees"))] if "tutor" in roles else []
    items += [Item("team.vejledere", _l("Vejledere"))] if "tutor" in roles else []
    items += [Item("team.my_team", _l("My team"))] if not roles & (ADMIN_ROLES | {"tutor"}) else []
    items += [Item("team.my_roles", _l("Whom I assess"))]
    items += [Item("documents.mine", _l("My documents"))] if not roles & DOCUMENT_ADMINS else []
    items += [Item("documents.to_confirm", _l("Documents to confirm"))] if "tutor" in roles else []
    items += [Item("library.index", _l("Curriculum files"))]
    items.append(Item("notifications.mine", _l("My notifications")))
    return items + [Item("account.profile", _l("My profile"))] + public
