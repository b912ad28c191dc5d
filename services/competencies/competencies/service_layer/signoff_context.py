"""What every sign-off use case looks up first: the enrolment, its curriculum and programme,
today in the organisation's country, the unit of sign-off, and a person's rights.

Rights come from this service's own records: the Danish personal tutor from the
placement (its window), every other approver from invitations' relationships (their
windows), a LIS1 leader's delegate from the delegation (inside the leader's window).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from competencies.domain.attestations import (
    organisation_today,
    responsible_for_attestation,
    rights_for,
)
from competencies.domain.curricula import Curriculum
from competencies.domain.exceptions import AgreementNotInForce, EnrolmentUnknown
from competencies.domain.permissions import Permissions, Right
from competencies.domain.programmes import Enrolment, Placement
from competencies.domain.projections import Relationship
from competencies.domain.signoff import EnrolmentRef, SignOff
from competencies.domain.signoff_delegation import Delegation, delegated_rights
from competencies.domain.signoff_exceptions import (
    EnrolmentClosed,
    ItemUnknown,
    PlacementNotCovered,
)
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_kit.clock import Clock

NOT_SIGNED_HERE = ("document_confirmation",)  # the documents service confirms paper


@dataclass(frozen=True)
class Unit:
    """One unit of sign-off in the curriculum: an item, or an attestation of a placement."""

    code: str
    kind: str
    title: str = ""
    group: str | None = None
    placement: Placement | None = None
    attestation: dict[str, Any] | None = None

    @property
    def placement_id(self) -> str | None:
        return self.placement.placement_id if self.placement else None


@dataclass(frozen=True)
class Context:
    enrolment: Enrolment
    curriculum: Curriculum
    programme: str
    today: date

    @property
    def ref(self) -> EnrolmentRef:
        e = self.enrolment
        return EnrolmentRef(e.enrolment_id, e.trainee_id, e.agreement_holder_id,
                            e.curriculum, e.curriculum_version)

    def item(self, code: str) -> Unit:
        for group in self.curriculum.groups:
            for item in group.items:
                if item.code == code:
                    return Unit(item.code, item.kind, item.title, group=group.code)
        raise ItemUnknown(f"{self.curriculum.curriculum} {self.curriculum.version} has no "
                          f"item {code!r}.")

    def attestation(self, code: str, placement_id: str | None) -> Unit:
        found = next((a for a in self.curriculum.attestations if a["code"] == code
                      and a["kind"] not in NOT_SIGNED_HERE), None)
        if found is None:
            raise ItemUnknown(f"{self.curriculum.curriculum} has no attestation {code!r}.")
        if found.get("scope") != "placement":
            return Unit(code, found["kind"], found.get("title", code), attestation=found)
        placement = self.enrolment.placement(placement_id or "")
        if placement is None or placement.cancelled or placement.element not in found.get(
                "placements", []):
            raise PlacementNotCovered(f"{code} is given for a placement in "
                                      f"{', '.join(found.get('placements', []))}: name one.",
                                      errors={"placement_id": ["Not a placement it covers."]})
        return Unit(code, found["kind"], found.get("title", code), placement=placement,
                    attestation=found)

    def plan_items(self, placement: Placement | None) -> list[str]:
        groups = set(placement.plan) if placement else {g.code for g in self.curriculum.groups}
        return [i.code for g in self.curriculum.groups if g.code in groups for i in g.items]


@dataclass(frozen=True)
class Known:
    """What a person's rights for one trainee are made of, beyond the placements."""

    relationships: list[Relationship]
    delegations: list[Delegation]


def context(uow: CompetenciesUnitOfWork, enrolment_id: str, clock: Clock,
            permissions: Permissions, *, for_change: bool = True,
            reading: bool = False) -> Context:
    """``reading``: the caller does not change the enrolment (a read, an approval), so it
    comes as a read snapshot (``EnrolmentRepository.read``), cheaper than the aggregate."""
    enrolment = uow.enrolments.read(enrolment_id) if reading else uow.enrolments.get(
        enrolment_id)
    if enrolment is None:
        raise EnrolmentUnknown(f"No enrolment {enrolment_id}.")
    curriculum = uow.curricula.get(enrolment.curriculum, enrolment.curriculum_version)
    if curriculum is None:
        raise EnrolmentUnknown(f"The curriculum of enrolment {enrolment_id} is not loaded.")
    if for_change:
        if enrolment.cancelled:
            raise EnrolmentClosed("This enrolment is cancelled: nothing more is signed.")
        agreement = uow.agreements.read(enrolment.agreement_holder_id)
        if agreement is None or not agreement.may_record_sign_offs:
            raise AgreementNotInForce("The organisation's data-processing agreement is not "
                                      "in force: sign-offs cannot be recorded.")
    return Context(enrolment, curriculum,
                   permissions.programme_of(curriculum.curriculum, curriculum.country),
                   organisation_today(clock.now(), curriculum.country))


def record_for(uow: CompetenciesUnitOfWork, ctx: Context, unit: Unit,
               new_id: str) -> SignOff:
    """The record of the unit, started (and added) when nobody has touched it yet."""
    e = ctx.enrolment
    found = uow.sign_offs.get(e.enrolment_id, e.curriculum_version, unit.code,
                              unit.placement_id)
    if found is None:
        found = SignOff.start(new_id, ctx.ref, unit.code, unit.kind, unit.placement_id,
                              unit.title)
        uow.sign_offs.add(found)
    return uow.track(found)


def rights_of(uow: CompetenciesUnitOfWork, person_id: str, enrolment: Enrolment,
              known: Known | None = None) -> list[Right]:
    """Every right the person holds for the enrolment's trainee, valid today or not
    (``known``: the trainee's relationships and the person's delegations, read before for
    many trainees at once). A relationship counts for the enrolments of its organisation
    only: the leader (advisor, supervisor, vejleder) of the agreement holder whose
    placement the team was made for, never for the trainee placed by another holder."""
    if known is None:
        known = Known(uow.known.relationships_of(enrolment.trainee_id),
                      uow.sign_offs.delegations_to(person_id))
    tutor = [Right(person_id, "tutor", p.starts_on, p.ends_on, placement_id=p.placement_id)
             for p in enrolment.active_placements() if p.tutor_id == person_id]
    relationships = [r for r in of_the_holder(known.relationships, enrolment) if not r.ended]
    own = [Right(person_id, r.role, r.valid_from, r.valid_to)
           for r in relationships if r.person_id == person_id]
    leaders = {r.person_id: r for r in relationships if r.role == "leader"}
    delegations = [d for d in known.delegations
                   if d.leader_id in leaders
                   and d.organisation_id == leaders[d.leader_id].organisation_id]
    leader_rights = [Right(r.person_id, "leader", r.valid_from, r.valid_to)
                     for r in leaders.values()]
    return tutor + own + delegated_rights(leader_rights, delegations)


def signing_right(permissions: Permissions, ctx: Context, rights: list[Right], action: str,
                  placement_id: str | None = None) -> Right:
    """The right that signs ``action`` (of the placement) today, or why none does: the one
    rule the sign-off use cases apply and the pages' offers follow (``signoff_views.signs``)."""
    return permissions.signing_right(ctx.programme, action,
                                     rights_for(rights, action, placement_id), ctx.today,
                                     placement_id)


def of_the_holder(relationships: list[Relationship], enrolment: Enrolment
                  ) -> list[Relationship]:
    """The relationships made for the enrolment's agreement holder (its placements' teams
    and vejledere): another holder's leader or vejleder is not one of this enrolment's."""
    return [r for r in relationships if r.organisation_id == enrolment.agreement_holder_id]


def _leaders(uow: CompetenciesUnitOfWork, ctx: Context) -> list[str]:
    return [r.person_id for r in of_the_holder(
        uow.known.relationships_of(ctx.enrolment.trainee_id), ctx.enrolment)
            if r.role == "leader" and r.is_active(ctx.today)]


def responsible_approver(uow: CompetenciesUnitOfWork, ctx: Context, unit: Unit,
                         permissions: Permissions) -> str | None:
    """To whom a klarmelding is addressed: the LIS1 leader (valid today), or the Danish
    personal tutor of the current placement whose plan holds the item (else of any
    current placement); for an attestation, the tutor of its placement."""
    if unit.attestation is not None:
        return responsible_for_attestation(unit.kind, permissions.roles(ctx.programme,
                                                                        unit.kind),
                                           unit.placement, _leaders(uow, ctx), ctx.today)
    if "leader" in permissions.roles(ctx.programme, "approve_item"):
        leaders = _leaders(uow, ctx)
        return leaders[0] if leaders else None
    current = [p for p in ctx.enrolment.active_placements() if p.tutor_id
               and p.starts_on <= ctx.today <= p.ends_on]
    holding = [p for p in current if unit.group in p.plan]
    chosen = (holding or current)
    return chosen[0].tutor_id if chosen else None
