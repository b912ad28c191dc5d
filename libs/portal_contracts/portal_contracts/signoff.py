"""Sign-off events published by competencies on the exchange ``competencies.events``.

A sign-off is a legal record. Each unit of sign-off of a trainee's enrolment — a
competency or learning objective (``item``), or an attestation of a placement (time
attestation, learning-objective attestation, confirmation of completed service) — has
its own record with a ``version`` that grows by one with every transition; a consumer
keeps the highest version it has seen. Items move: not started → ready for approval
(*klarmelding*, addressed to the responsible approver; the trainee may recall it) →
approved, or returned with a comment; only an administrator of the agreement holder or
the operator resets an approval (with the written request's reference and a reason).
An attestation of a placement follows the same workflow: ``item.submitted``,
``item.recalled`` and ``item.returned`` carry the attestation's ``kind`` and
``placement_id`` (an approver may also give it without a klarmelding); it is given with
``attestation.approved``.
LIS1 adds learning activities (logged by the trainee, confirmed by a supervisor) and
recommendations (the advisor and at least one supervisor) before the leader, or the
leader's delegate, approves.

``programme.completed`` carries the whole record for the authority that approves
specialists, with the trainee named by HPR number (Norway) or Danish authorisation id,
never a national id number. All data is *personal*.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

ITEM_SUBMITTED = "portal.competencies.item.submitted.v1"
ITEM_RECALLED = "portal.competencies.item.recalled.v1"
ACTIVITY_LOGGED = "portal.competencies.activity.logged.v1"
ACTIVITY_CONFIRMED = "portal.competencies.activity.confirmed.v1"
ITEM_RECOMMENDED = "portal.competencies.item.recommended.v1"
ITEM_APPROVED = "portal.competencies.item.approved.v1"
ITEM_RETURNED = "portal.competencies.item.returned.v1"
ITEM_RESET = "portal.competencies.item.reset.v1"
ATTESTATION_APPROVED = "portal.competencies.attestation.approved.v1"
PROGRAMME_COMPLETED = "portal.competencies.programme.completed.v1"
DELEGATION_GRANTED = "portal.competencies.delegation.granted.v1"
DELEGATION_ENDED = "portal.competencies.delegation.ended.v1"

ITEM_KINDS = ("competency", "learning_objective")
ATTESTATION_KINDS = ("time_attestation", "learning_objective_attestation", "completed_service")
KINDS = ITEM_KINDS + ATTESTATION_KINDS
APPROVER_ROLES = ("tutor", "vejleder", "leader", "delegate", "advisor", "supervisor")
RESETTER_ROLES = ("region_admin", "municipality_admin", "health_trust_admin", "operator")

_AT = "2027-05-20T08:15:00+00:00"
_ITEM = {"sign_off_id": "5b0f7c9e-2d7a-4f51-9a38-6c1d2e3f4a5b",
         "trainee_id": "7d1c0b9e-1f2a-4c3d-8e5f-6a7b8c9d0e1f",
         "enrolment_id": "0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b",
         "agreement_holder_id": "2c4b6a8d-0e1f-4a3b-9c5d-7e8f9a0b1c2d",
         "curriculum": "lis1", "curriculum_version": "2025-09", "item_code": "KLK-012",
         "item_title": "Akutt sykdom hos barn i allmennpraksis", "kind": "learning_objective",
         "placement_id": None, "version": 2}


class _Personal(Schema):
    CLASSIFICATION = "personal"


def _kind(kinds: tuple[str, ...]) -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(kinds),
                         metadata={"description": " | ".join(kinds)})


def _role(roles: tuple[str, ...] = APPROVER_ROLES) -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(roles), metadata={
        "description": "The right the actor signed with: " + " | ".join(roles)})


class _SignOff(_Personal):
    sign_off_id = fields.String(required=True, metadata={
        "description": "The record of this unit of sign-off for this enrolment"})
    trainee_id = fields.String(required=True, metadata={"description": "Opaque person id"})
    enrolment_id = fields.String(required=True)
    agreement_holder_id = fields.String(required=True, metadata={
        "description": "The region, municipality or health trust responsible"})
    curriculum = fields.String(required=True, metadata={"description": "e.g. lis1, kbu"})
    curriculum_version = fields.String(required=True)
    item_code = fields.String(required=True, metadata={
        "description": "The item's or attestation's code in the curriculum, e.g. KLK-012"})
    item_title = fields.String(required=True, metadata={
        "description": "Its title in the curriculum's language (for messages)"})
    kind = _kind(KINDS)
    placement_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The placement an attestation is for; null for an item"})
    version = fields.Integer(required=True, metadata={
        "description": "The record's version after this change: keep the highest seen"})
    actor_id = fields.String(required=True, metadata={"description": "Who acted (person id)"})
    at = fields.AwareDateTime(required=True)


class ItemSubmittedV1(_SignOff):
    """The trainee marked an item ready for approval (klarmelding), addressed to the
    responsible approver (Denmark: the personal tutor; LIS1: the leader). With an
    attestation's ``kind`` and ``placement_id``: the attestation of that placement,
    addressed to its personal tutor (Denmark) or the leader (LIS1)."""

    approver_id = fields.String(required=True)
    EXAMPLE = dict(_ITEM, version=1, actor_id=_ITEM["trainee_id"], at=_AT,
                   approver_id="9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d")


class ItemRecalledV1(_SignOff):
    """The trainee took an item (or an attestation: ``kind``, ``placement_id``) back
    before anyone decided on it."""

    approver_id = fields.String(required=True, metadata={
        "description": "To whom it had been addressed"})
    EXAMPLE = dict(ItemSubmittedV1.EXAMPLE, version=2)


class ActivityLoggedV1(_SignOff):
    """The trainee logged a learning activity towards a learning objective (LIS1)."""

    activity_id = fields.String(required=True)
    title = fields.String(required=True)
    performed_on = fields.Date(required=True)
    EXAMPLE = dict(_ITEM, version=1, actor_id=_ITEM["trainee_id"], at=_AT,
                   activity_id="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
                   title="Legevaktsvakt med supervisjon", performed_on="2027-05-18")


class ActivityConfirmedV1(_SignOff):
    """A supervisor confirmed a learning activity the trainee had logged."""

    activity_id = fields.String(required=True)
    role = _role(("supervisor",))
    EXAMPLE = dict(_ITEM, actor_id="4f3e2d1c-0b9a-4877-a665-544332211000", at=_AT,
                   activity_id="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", role="supervisor")


class ItemRecommendedV1(_SignOff):
    """The advisor (veileder) or a supervisor recommended the learning objective for
    approval; the leader approves after the advisor and at least one supervisor did."""

    role = _role(("advisor", "supervisor"))
    comment = fields.String(required=True, allow_none=True)
    EXAMPLE = dict(_ITEM, version=3, actor_id="4f3e2d1c-0b9a-4877-a665-544332211000",
                   at=_AT, role="supervisor", comment=None)


class ItemApprovedV1(_SignOff):
    """An item was approved by someone entitled to approve it. An approval of several
    items in one action publishes one event per item, sharing ``batch_id``."""

    role = _role()
    on_behalf_of = fields.String(required=True, allow_none=True, metadata={
        "description": "The leader a delegate approved for; null otherwise"})
    comment = fields.String(required=True, allow_none=True)
    batch_id = fields.String(required=True, allow_none=True)
    EXAMPLE = dict(_ITEM, version=5, actor_id="9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
                   at=_AT, role="leader", on_behalf_of=None, comment=None, batch_id=None)


class ItemReturnedV1(_SignOff):
    """The approver returned an item (or an attestation marked ready: ``kind``,
    ``placement_id``) to the trainee with a comment."""

    role = _role()
    comment = fields.String(required=True)
    EXAMPLE = dict(_ITEM, version=3, actor_id="9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
                   at=_AT, role="leader", comment="Beskriv vurderingen av pasienten.")


class ItemResetV1(_SignOff):
    """An administrator of the agreement holder (or the operator) reset a wrong
    approval on a written request: the record is ``not_started`` again, its history
    and activities kept."""

    role = _role(RESETTER_ROLES)
    reference = fields.String(required=True, metadata={
        "description": "The written request's reference (journal number)"})
    reason = fields.String(required=True)
    from_state = fields.String(required=True)
    EXAMPLE = dict(_ITEM, version=6, actor_id="6c5b4a3d-2e1f-4098-8776-655443322110",
                   at=_AT, role="municipality_admin", reference="2027/1432",
                   reason="Approved for the wrong trainee", from_state="approved")


class AttestationApprovedV1(_SignOff):
    """An attestation of a placement was given: a time attestation (in the placement's
    last month or after), a learning-objective attestation, or the confirmation of
    completed service (LIS1)."""

    kind = _kind(ATTESTATION_KINDS)
    role = _role()
    comment = fields.String(required=True, allow_none=True)
    EXAMPLE = dict(_ITEM, item_code="gjennomfort-tjeneste-kommune", kind="completed_service",
                   item_title="Bekreftelse på gjennomført tjeneste i kommunen",
                   placement_id="3e4d5c6b-7a89-4b0c-9d1e-2f3a4b5c6d7e", version=1,
                   actor_id="9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", at=_AT,
                   role="leader", comment=None)


class TraineeIdentifier(Schema):
    hpr_number = fields.String(required=True, allow_none=True, metadata={
        "description": "Norwegian HPR number"})
    authorisation_id = fields.String(required=True, allow_none=True, metadata={
        "description": "Danish authorisation id (autorisations-id)"})
    name = fields.String(required=True)


class SignedRecord(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    kind = _kind(KINDS)
    placement_id = fields.String(required=True, allow_none=True)
    approved_at = fields.AwareDateTime(required=True)
    approved_by = fields.String(required=True)
    role = _role()
    on_behalf_of = fields.String(required=True, allow_none=True)


class ProgrammeCompletedV1(_Personal):
    """Every required item was approved and every attestation given: the programme is
    complete. Carries the whole record, for the authority that approves specialists."""

    enrolment_id = fields.String(required=True)
    trainee_id = fields.String(required=True)
    trainee = fields.Nested(TraineeIdentifier, required=True, metadata={
        "description": "HPR number or Danish authorisation id; never a national id number"})
    agreement_holder_id = fields.String(required=True)
    programme = fields.String(required=True)
    country = fields.String(required=True)
    curriculum = fields.String(required=True)
    curriculum_version = fields.String(required=True)
    sign_offs = fields.List(fields.Nested(SignedRecord), required=True)
    credential_id = fields.String(required=True, metadata={
        "description": "The id of the completion credential (urn:uuid:...)"})
    completed_at = fields.AwareDateTime(required=True)
    EXAMPLE = {
        "enrolment_id": _ITEM["enrolment_id"], "trainee_id": _ITEM["trainee_id"],
        "trainee": {"hpr_number": "9144889", "authorisation_id": None,
                    "name": "Kari Nordmann"},
        "agreement_holder_id": _ITEM["agreement_holder_id"],
        "programme": "LIS1 – spesialistutdanningens del 1 for leger", "country": "NO",
        "curriculum": "lis1", "curriculum_version": "2025-09",
        "sign_offs": [{"code": "KLK-012", "title": _ITEM["item_title"],
                       "kind": "learning_objective", "placement_id": None,
                       "approved_at": _AT, "approved_by": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
                       "role": "leader", "on_behalf_of": None}],
        "credential_id": "urn:uuid:1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b",
        "completed_at": _AT}


class _Delegation(_Personal):
    delegation_id = fields.String(required=True)
    leader_id = fields.String(required=True, metadata={"description": "The LIS1 leader"})
    delegate_id = fields.String(required=True, metadata={
        "description": "The named person who may approve for the leader"})
    organisation_id = fields.String(required=True, metadata={
        "description": "The municipality or health trust whose LIS1 doctors it covers"})
    valid_from = fields.Date(required=True)
    valid_to = fields.Date(required=True, metadata={"description": "Last day (inclusive)"})
    actor_id = fields.String(required=True)
    at = fields.AwareDateTime(required=True)


_DELEGATION = {"delegation_id": "8e7d6c5b-4a39-4281-b7c6-d5e4f3a2b1c0",
               "leader_id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
               "delegate_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e",
               "organisation_id": _ITEM["agreement_holder_id"], "valid_from": "2027-07-01",
               "valid_to": "2027-07-31", "actor_id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
               "at": _AT}


class DelegationGrantedV1(_Delegation):
    """A LIS1 leader delegated the approval of learning objectives to a named person for
    a period; the delegate approves on the leader's behalf inside it."""

    EXAMPLE = _DELEGATION


class DelegationEndedV1(_Delegation):
    """A delegation was ended before its last day."""

    EXAMPLE = _DELEGATION


SCHEMAS: dict[str, type[Schema]] = {
    ITEM_SUBMITTED: ItemSubmittedV1, ITEM_RECALLED: ItemRecalledV1,
    ACTIVITY_LOGGED: ActivityLoggedV1, ACTIVITY_CONFIRMED: ActivityConfirmedV1,
    ITEM_RECOMMENDED: ItemRecommendedV1, ITEM_APPROVED: ItemApprovedV1,
    ITEM_RETURNED: ItemReturnedV1, ITEM_RESET: ItemResetV1,
    ATTESTATION_APPROVED: AttestationApprovedV1, PROGRAMME_COMPLETED: ProgrammeCompletedV1,
    DELEGATION_GRANTED: DelegationGrantedV1, DELEGATION_ENDED: DelegationEndedV1,
}
