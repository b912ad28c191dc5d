"""The claims of a person's tokens, computed from identity's data at each issue."""
from __future__ import annotations

from identity.adapters.oauth.grants import Subject
from identity.domain.people import OPERATOR, Person
from identity.service_layer.unit_of_work import IdentityUnitOfWork


def subject_for(uow: IdentityUnitOfWork, person_id: str, assurance: str,
                auth_time: int) -> Subject | None:
    """Inside an open unit of work: who the token is for, and what it may carry."""
    person = uow.people.get(person_id)
    if person is None:
        return None
    claims = {"assurance": assurance, "lang": person.language, "name": person.name}
    if person.registration_pending:
        claims.update(registration="pending", roles=[], memberships=[])
    else:
        claims.update(roles=[OPERATOR] if person.is_operator else [],
                      memberships=_memberships(uow, person))
    return Subject(person.id, assurance, auth_time, claims, _userinfo(person))


def _memberships(uow: IdentityUnitOfWork, person: Person) -> list[dict[str, str]]:
    organisations = uow.organisations.get_many(m.organisation_id for m in person.memberships)
    holders = uow.organisations.get_many(o.holder_id for o in organisations.values()
                                         if o.holder_id)

    def in_force(organisation_id: str) -> bool:
        organisation = organisations.get(organisation_id)
        holder = holders.get(organisation.holder_id) if organisation and \
            organisation.holder_id else None
        return bool(holder and holder.may_use_portal)

    return [{"organisation_id": org, "role": role}
            for org, role in person.token_memberships(in_force)]


def _userinfo(person: Person) -> dict[str, object]:
    info: dict[str, object] = {"sub": person.id, "name": person.name,
                               "given_name": person.given_name,
                               "family_name": person.family_name, "locale": person.language,
                               "zoneinfo": person.time_zone}
    if person.email:
        info["email"] = person.email
    return info
