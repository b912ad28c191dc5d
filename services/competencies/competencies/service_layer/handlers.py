"""Competencies' use cases, routed by two explicit dicts: commands, and other services'
events (the projections of organisations, memberships, people and relationships)."""
from __future__ import annotations

from typing import Any

from competencies.domain import commands
from competencies.domain.model import OrganisationAgreement
from competencies.domain.projections import TUTOR, Membership, Organisation, Person, Relationship
from competencies.service_layer import programmes
from competencies.service_layer.curricula import load_curricula
from competencies.service_layer.evidence import EVIDENCE_EVENT_HANDLERS
from competencies.service_layer.signoff_handlers import (
    SIGNOFF_COMMAND_HANDLERS,
    SIGNOFF_EVENT_HANDLERS,
)
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_contracts import identity, read
from portal_contracts import invitations as relations
from portal_contracts.agreements import record_agreement_change
from portal_kit.clock import Clock
from portal_kit.inbox import idempotent


@idempotent("competencies.record_agreement_change")
def record_agreement(event: dict[str, Any], uow: CompetenciesUnitOfWork) -> None:
    """Keep this service's record of the organisation's agreement up to date."""
    record_agreement_change(uow.agreements, identity.agreement_change(event),
                            OrganisationAgreement)


@idempotent("competencies.record_organisation")
def record_organisation(event: dict[str, Any], uow: CompetenciesUnitOfWork) -> None:
    """Places of training and agreement holders: name, kind, country, holder."""
    data = read(identity.OrganisationRegisteredV2, event, only=(
        "organisation_id", "name", "kind", "country", "agreement_holder_id"))
    known = uow.known.organisation(data["organisation_id"])
    if known is None:
        uow.known.add(Organisation(**data))
    else:
        known.name, known.kind, known.country = data["name"], data["kind"], data["country"]
        known.agreement_holder_id = data["agreement_holder_id"]


@idempotent("competencies.record_membership")
def record_membership(event: dict[str, Any], uow: CompetenciesUnitOfWork, clock: Clock) -> None:
    """Who is tutor of which practice, who administers which holder. A practice's first
    tutor becomes the personal tutor of its placements that have none."""
    data = read(identity.MembershipGrantedV1, event, only=(
        "person_id", "organisation_id", "agreement_holder_id", "role", "granted_at"))
    known = uow.known.membership(data["person_id"], data["organisation_id"], data["role"])
    if known is None:
        uow.known.add(Membership(data["person_id"], data["organisation_id"], data["role"],
                                 data["agreement_holder_id"], data["granted_at"]))
    elif known.withdrawn_at is not None and known.withdrawn_at <= data["granted_at"]:
        known.since, known.withdrawn_at = data["granted_at"], None
    if data["role"] == TUTOR:
        uow.session.flush()
        programmes.assign_only_tutor(uow, data["organisation_id"], clock)


@idempotent("competencies.withdraw_membership")
def withdraw_membership(event: dict[str, Any], uow: CompetenciesUnitOfWork) -> None:
    data = read(identity.MembershipWithdrawnV1, event, only=(
        "person_id", "organisation_id", "agreement_holder_id", "role", "withdrawn_at"))
    known = uow.known.membership(data["person_id"], data["organisation_id"], data["role"])
    if known is None:
        uow.known.add(Membership(data["person_id"], data["organisation_id"], data["role"],
                                 data["agreement_holder_id"], data["withdrawn_at"],
                                 data["withdrawn_at"]))
    elif known.since <= data["withdrawn_at"]:
        known.withdrawn_at = data["withdrawn_at"]


@idempotent("competencies.record_profile")
def record_profile(event: dict[str, Any], uow: CompetenciesUnitOfWork) -> None:
    """A person exists (an administrator created the profile): they may be enrolled."""
    data = read(identity.PersonProfileCreatedV1, event, only=("person_id",))
    if uow.known.person(data["person_id"]) is None:
        uow.known.add(Person(data["person_id"], "", ""))


@idempotent("competencies.record_person")
def record_person(event: dict[str, Any], uow: CompetenciesUnitOfWork) -> None:
    data = read(identity.PersonRegisteredV1, event, only=(
        "person_id", "given_name", "family_name"))
    known = uow.known.person(data["person_id"])
    if known is None:
        uow.known.add(Person(**data))
    else:
        known.given_name, known.family_name = data["given_name"], data["family_name"]


RELATIONSHIP_FIELDS = ("relationship_id", "trainee_id", "person_id", "role",
                       "organisation_id", "valid_from", "valid_to", "version")


@idempotent("competencies.record_relationship")
def record_relationship(event: dict[str, Any], uow: CompetenciesUnitOfWork) -> None:
    """A LIS1 leader, advisor or supervisor, or a vejleder: who may read, and when."""
    schema = {relations.RELATIONSHIP_GRANTED: relations.RelationshipGrantedV1,
              relations.RELATIONSHIP_CHANGED: relations.RelationshipChangedV1,
              relations.RELATIONSHIP_ENDED: relations.RelationshipEndedV1}[event["type"]]
    data = read(schema, event, only=RELATIONSHIP_FIELDS)
    ended = event["type"] == relations.RELATIONSHIP_ENDED
    known = uow.known.relationship(data["relationship_id"])
    if known is None:
        uow.known.add(Relationship(**data, ended=ended))
    elif data["version"] >= known.version:
        known.valid_from, known.valid_to = data["valid_from"], data["valid_to"]
        known.version, known.ended = data["version"], known.ended or ended


COMMAND_HANDLERS: dict[type, Any] = {
    **SIGNOFF_COMMAND_HANDLERS,
    commands.LoadCurricula: load_curricula,
    commands.Enrol: programmes.enrol,
    commands.CancelEnrolment: programmes.cancel_enrolment,
    commands.RecordPlacement: programmes.record_placement,
    commands.ChangePlacement: programmes.change_placement,
    commands.CancelPlacement: programmes.cancel_placement,
    commands.AssignTutor: programmes.assign_tutor,
    commands.OpenAccess: programmes.open_access,
}

EVENT_HANDLERS = {
    **EVIDENCE_EVENT_HANDLERS,
    identity.DPA_SIGNED_V2: [record_agreement],
    identity.DPA_TERMINATED_V2: [record_agreement],
    identity.ORGANISATION_REGISTERED_V2: [record_organisation],
    identity.ORGANISATION_UPDATED: [record_organisation],
    identity.MEMBERSHIP_GRANTED: [record_membership],
    identity.MEMBERSHIP_WITHDRAWN: [withdraw_membership],
    identity.PERSON_PROFILE_CREATED: [record_profile],
    identity.PERSON_REGISTERED: [record_person,
                                 *SIGNOFF_EVENT_HANDLERS[identity.PERSON_REGISTERED]],
    relations.RELATIONSHIP_GRANTED: [record_relationship],
    relations.RELATIONSHIP_CHANGED: [record_relationship],
    relations.RELATIONSHIP_ENDED: [record_relationship],
}
