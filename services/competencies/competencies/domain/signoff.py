"""One unit of sign-off of a trainee's enrolment: an item, or an attestation of a placement.

An item (competency, learning objective) is marked ready for approval by the trainee
(*klarmelding*), addressed to the responsible approver; the trainee may recall it before
a decision; the approver approves it or returns it with a comment. LIS1 adds learning
activities (the trainee logs them, a supervisor confirms) and recommendations (the
advisor and at least one supervisor) before the leader approves. An attestation is
approved directly by the person entitled to it. Only an administrator of the agreement
holder (or the operator) resets an approval, on a written request: the record is not
started again, its activities kept, the approval kept in the audit trail.

Who may do what is decided before (``permissions``); here: which transition is allowed
from which state, and the optimistic lock (``version`` grows by one with every change).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from competencies.domain import signoff_events as events
from competencies.domain.signoff_exceptions import (
    ActivityAlreadyConfirmed,
    ActivityUnknown,
    AlreadyApproved,
    AlreadyDecided,
    AlreadyRecommended,
    AlreadySubmitted,
    CommentRequired,
    NotApproved,
    NotAwaitingApproval,
    NotTheTrainee,
    OwnItem,
    RecommendationsMissing,
    ResetReasonRequired,
    ResetReferenceRequired,
    VersionConflict,
)
from portal_kit.audit import AuditEntry

ATTESTATION_KINDS = ("time_attestation", "learning_objective_attestation", "completed_service")


class State(str, Enum):
    NOT_STARTED = "not_started"
    READY = "ready_for_approval"
    APPROVED = "approved"
    RETURNED = "returned"


@dataclass(frozen=True)
class Actor:
    """Who acts, with which right (``role``), and for whom when delegated."""

    person_id: str
    role: str
    on_behalf_of: str | None = None


@dataclass(frozen=True)
class EnrolmentRef:
    enrolment_id: str
    trainee_id: str
    agreement_holder_id: str
    curriculum: str
    curriculum_version: str


@dataclass(eq=False)
class Activity:
    id: str
    title: str
    performed_on: date
    logged_at: datetime
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    carried_from: str | None = None


@dataclass(eq=False)
class Recommendation:
    by: str
    role: str
    comment: str | None
    at: datetime


@dataclass(eq=False)
class SignOff:
    id: str
    enrolment_id: str
    trainee_id: str
    agreement_holder_id: str
    curriculum: str
    curriculum_version: str
    code: str
    kind: str
    placement_id: str | None = None
    title: str = ""
    state: State = State.NOT_STARTED
    version: int = 0
    approver_id: str | None = None
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    decided_role: str | None = None
    on_behalf_of: str | None = None
    comment: str | None = None
    activities: list[Activity] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[AuditEntry] = field(default_factory=list, repr=False)

    @classmethod
    def start(cls, sign_off_id: str, enrolment: EnrolmentRef, code: str, kind: str,
              placement_id: str | None = None, title: str = "") -> SignOff:
        return cls(sign_off_id, enrolment.enrolment_id, enrolment.trainee_id,
                   enrolment.agreement_holder_id, enrolment.curriculum,
                   enrolment.curriculum_version, code, kind, placement_id, title or code)

    @property
    def is_attestation(self) -> bool:
        return self.kind in ATTESTATION_KINDS

    def expect(self, version: int | None) -> None:
        """Refuse a change made on a stale read (``version`` is what the caller saw)."""
        if version is not None and version != self.version:
            raise VersionConflict(f"{self.code} changed since you read it (version "
                                  f"{self.version}, you had {version}): reload it.")

    def submit(self, by: str, approver_id: str, at: datetime) -> None:
        self._trainee_only(by)
        if self.state is State.APPROVED:
            raise AlreadyApproved(f"{self.code} is already approved.")
        if self.state is State.READY:
            raise AlreadySubmitted(f"{self.code} is already ready for approval.")
        self.approver_id, self.submitted_at = approver_id, at
        self._move(State.READY, Actor(by, "trainee"), at, "submitted")
        self.events.append(events.ItemSubmitted(**self._data(by, at), approver_id=approver_id))

    def recall(self, by: str, at: datetime) -> None:
        self._trainee_only(by)
        if self.state is not State.READY:
            raise (AlreadyDecided if self.state in (State.APPROVED, State.RETURNED)
                   else NotAwaitingApproval)(f"{self.code} is {self.state.value}: "
                                             "only an item awaiting a decision is recalled.")
        approver = self.approver_id or ""
        self._move(State.NOT_STARTED, Actor(by, "trainee"), at, "recalled")
        self.events.append(events.ItemRecalled(**self._data(by, at), approver_id=approver))

    def log_activity(self, by: str, activity_id: str, title: str, performed_on: date,
                     at: datetime) -> Activity:
        self._trainee_only(by)
        self._not_approved()
        activity = Activity(activity_id, title, performed_on, at)
        self.activities.append(activity)
        self._touch(Actor(by, "trainee"), at, "activity_logged", {"activity_id": activity_id})
        self.events.append(events.ActivityLogged(
            **self._data(by, at), activity_id=activity_id, title=title,
            performed_on=performed_on))
        return activity

    def confirm_activity(self, by: Actor, activity_id: str, at: datetime) -> None:
        self._not_own(by)
        activity = next((a for a in self.activities if a.id == activity_id), None)
        if activity is None:
            raise ActivityUnknown(f"{self.code} has no activity {activity_id}.")
        if activity.confirmed_by is not None:
            raise ActivityAlreadyConfirmed("This activity is already confirmed.")
        activity.confirmed_by, activity.confirmed_at = by.person_id, at
        self._touch(by, at, "activity_confirmed", {"activity_id": activity_id})
        self.events.append(events.ActivityConfirmed(
            **self._data(by.person_id, at), activity_id=activity_id, role=by.role))

    def recommend(self, by: Actor, comment: str | None, at: datetime) -> None:
        self._not_own(by)
        self._not_approved()
        if any(r.by == by.person_id for r in self.recommendations):
            raise AlreadyRecommended(f"You have already recommended {self.code}.")
        self.recommendations.append(Recommendation(by.person_id, by.role, comment, at))
        self._touch(by, at, "recommended", {}, comment)
        self.events.append(events.ItemRecommended(
            **self._data(by.person_id, at), role=by.role, comment=comment))

    def approve(self, by: Actor, at: datetime, comment: str | None = None,
                batch_id: str | None = None, requires: tuple[str, ...] = ()) -> None:
        """Approve an item awaiting approval (``requires``: roles that must have recommended)."""
        self._not_own(by)
        if self.state is not State.READY:
            raise (AlreadyApproved if self.state is State.APPROVED else NotAwaitingApproval)(
                f"{self.code} is {self.state.value}, not ready for approval.")
        missing = [role for role in requires
                   if not any(r.role == role for r in self.recommendations)]
        if missing:
            raise RecommendationsMissing(
                f"{self.code} needs a recommendation from: {', '.join(missing)}.")
        self._decide(by, at, comment, State.APPROVED, "approved", {"batch_id": batch_id})
        self.events.append(events.ItemApproved(
            **self._data(by.person_id, at), role=by.role, on_behalf_of=by.on_behalf_of,
            comment=comment, batch_id=batch_id))

    def attest(self, by: Actor, at: datetime, comment: str | None = None) -> None:
        """Give an attestation (the timing and prerequisites are checked before)."""
        self._not_own(by)
        if self.state is State.APPROVED:
            raise AlreadyApproved(f"{self.code} is already given.")
        self._decide(by, at, comment, State.APPROVED, "attested", {})
        self.events.append(events.AttestationApproved(
            **self._data(by.person_id, at), role=by.role, comment=comment))

    def return_to_trainee(self, by: Actor, comment: str, at: datetime) -> None:
        self._not_own(by)
        if not (comment or "").strip():
            raise CommentRequired("Say what is missing when you return an item.",
                                  errors={"comment": ["Required."]})
        if self.state is not State.READY:
            raise NotAwaitingApproval(f"{self.code} is {self.state.value}, not awaiting you.")
        self._decide(by, at, comment, State.RETURNED, "returned", {})
        self.events.append(events.ItemReturned(
            **self._data(by.person_id, at), role=by.role, comment=comment))

    def reset(self, by: Actor, reference: str, reason: str, at: datetime) -> None:
        """Undo a wrong approval on a written request; activities stay, history stays."""
        if not (reference or "").strip():
            raise ResetReferenceRequired("Give the written request's reference.",
                                         errors={"reference": ["Required."]})
        if not (reason or "").strip():
            raise ResetReasonRequired("Give the reason for the reset.",
                                      errors={"reason": ["Required."]})
        if self.state is not State.APPROVED:
            raise NotApproved(f"{self.code} is {self.state.value}: only an approval is reset.")
        from_state = self.state.value
        self.recommendations.clear()
        self.approver_id = self.decided_by = self.decided_role = self.on_behalf_of = None
        self.decided_at = self.submitted_at = None
        self.comment = None
        self._move(State.NOT_STARTED, by, at, "reset", {"reference": reference}, reason)
        self.events.append(events.ItemReset(
            **self._data(by.person_id, at), role=by.role, reference=reference, reason=reason,
            from_state=from_state))

    def note(self, by: Actor, at: datetime, action: str, detail: dict[str, Any]) -> None:
        """Record a change made outside the workflow (a move to a newer curriculum version)."""
        self._touch(by, at, action, detail)

    def _decide(self, by: Actor, at: datetime, comment: str | None, to: State, action: str,
                detail: dict[str, Any]) -> None:
        self.decided_at, self.decided_by, self.decided_role = at, by.person_id, by.role
        self.on_behalf_of, self.comment = by.on_behalf_of, comment
        self._move(to, by, at, action, detail, comment)

    def _move(self, to: State, by: Actor, at: datetime, action: str,
              detail: dict[str, Any] | None = None, reason: str | None = None) -> None:
        from_state, self.state = self.state, to
        self._touch(by, at, action, detail or {}, reason, from_state)

    def _touch(self, by: Actor, at: datetime, action: str, detail: dict[str, Any],
               reason: str | None = None, from_state: State | None = None) -> None:
        self.version += 1
        self.audit.append(AuditEntry(
            actor=by.person_id, action=f"sign_off.{action}", subject_type="sign_off",
            subject_id=self.id, on_behalf_of=by.on_behalf_of, trainee_id=self.trainee_id,
            organisation_id=self.agreement_holder_id,
            from_state=(from_state or self.state).value, to_state=self.state.value,
            reason=reason, detail=dict(detail, item_code=self.code, role=by.role,
                                       version=self.version, at=at.isoformat(),
                                       curriculum_version=self.curriculum_version)))

    def _data(self, actor_id: str, at: datetime) -> dict[str, Any]:
        return {"sign_off_id": self.id, "trainee_id": self.trainee_id,
                "enrolment_id": self.enrolment_id,
                "agreement_holder_id": self.agreement_holder_id,
                "curriculum": self.curriculum, "curriculum_version": self.curriculum_version,
                "item_code": self.code, "item_title": self.title, "kind": self.kind,
                "placement_id": self.placement_id,
                "version": self.version, "actor_id": actor_id, "at": at}

    def _trainee_only(self, by: str) -> None:
        if by != self.trainee_id:
            raise NotTheTrainee("Only the trainee does this.")

    def _not_own(self, by: Actor) -> None:
        if by.person_id == self.trainee_id:
            raise OwnItem("You may not sign off your own training.")

    def _not_approved(self) -> None:
        if self.state is State.APPROVED:
            raise AlreadyApproved(f"{self.code} is already approved.")
