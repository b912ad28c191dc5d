"""A trainee's programme: an enrolment on a curriculum version, and its placements.

An administrator of the agreement holder (region, municipality, health trust) enrols a
person, who is a trainee from then on and stays on the curriculum version of the
enrolment. Placements (training elements) are recorded at a place of training under that
holder, from-to; the plan of each placement is assigned automatically from its element
(LIS1: hospital → KLS + FKM-S, psychiatry → KLP + FKM-S, municipality → KLK + FKM-K). The
Danish personal tutor (tutorlæge) is a tutor of the placement's practice, one at a time.
The enrolment is the aggregate: it records its events and audit entries.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from competencies.domain import events
from competencies.domain.curricula import Curriculum
from competencies.domain.exceptions import BadEnrolment, BadPlacement, ProgrammeConflict
from portal_kit.audit import AuditEntry

PLANNED, CURRENT, FORMER, CANCELLED = "planned", "current", "former", "cancelled"


def _blank(reason: str | None) -> bool:
    return not (reason or "").strip()


@dataclass(eq=False)
class Placement:
    placement_id: str
    enrolment_id: str
    trainee_id: str
    place_id: str
    agreement_holder_id: str
    element: str
    element_kind: str
    plan: list[str]
    starts_on: date
    ends_on: date
    recorded_at: datetime
    recorded_by: str
    tutor_id: str | None = None
    tutor_since: datetime | None = None
    cancelled_at: datetime | None = None
    cancelled_by: str | None = None
    cancel_reason: str | None = None

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    def state(self, today: date) -> str:
        if self.cancelled:
            return CANCELLED
        if today < self.starts_on:
            return PLANNED
        return CURRENT if today <= self.ends_on else FORMER

    def overlaps(self, starts_on: date, ends_on: date) -> bool:
        return not self.cancelled and self.starts_on <= ends_on and starts_on <= self.ends_on

    def _facts(self) -> dict[str, Any]:
        return {"placement_id": self.placement_id, "enrolment_id": self.enrolment_id,
                "trainee_id": self.trainee_id, "place_id": self.place_id,
                "agreement_holder_id": self.agreement_holder_id}


@dataclass(eq=False)
class Enrolment:
    enrolment_id: str
    trainee_id: str
    curriculum: str
    curriculum_version: str
    programme: str
    country: str
    agreement_holder_id: str
    starts_on: date
    ends_on: date | None
    enrolled_at: datetime
    enrolled_by: str
    cancelled_at: datetime | None = None
    cancelled_by: str | None = None
    cancel_reason: str | None = None
    placements: list[Placement] = field(default_factory=list)
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[AuditEntry] = field(default_factory=list, repr=False)

    @classmethod
    def enrol(cls, enrolment_id: str, trainee_id: str, curriculum: Curriculum, holder_id: str,
              starts_on: date, ends_on: date | None, by: str, at: datetime) -> Enrolment:
        if ends_on is not None and ends_on < starts_on:
            raise BadEnrolment("The enrolment ends before it starts.",
                               code="enrolment_ends_before_start")
        enrolment = cls(enrolment_id, trainee_id, curriculum.curriculum, curriculum.version,
                        curriculum.programme, curriculum.country, holder_id, starts_on,
                        ends_on, at, by)
        enrolment.events.append(events.EnrolmentCreated(
            enrolment_id, trainee_id, curriculum.curriculum, curriculum.version,
            curriculum.programme, curriculum.country, holder_id, starts_on, ends_on, at, by))
        enrolment._audit(by, "enrolment.created", "enrolment", enrolment_id, to_state="active",
                         detail={"curriculum": curriculum.curriculum,
                                 "curriculum_version": curriculum.version,
                                 "starts_on": starts_on.isoformat()})
        return enrolment

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def state(self) -> str:
        return CANCELLED if self.cancelled else "active"

    def placement(self, placement_id: str) -> Placement | None:
        return next((p for p in self.placements if p.placement_id == placement_id), None)

    def active_placements(self) -> list[Placement]:
        return sorted((p for p in self.placements if not p.cancelled),
                      key=lambda p: p.starts_on)

    def record_placement(self, placement_id: str, curriculum: Curriculum, element_code: str,
                         place_id: str, starts_on: date, ends_on: date, by: str,
                         at: datetime) -> Placement:
        self._refuse_if_cancelled()
        element = curriculum.element(element_code)
        if element is None:
            codes = ", ".join(e.code for e in curriculum.elements)
            raise BadPlacement(f"{element_code!r} is not a training element of "
                               f"{curriculum.curriculum} (one of: {codes}).",
                               code="element_unknown")
        self._check_dates(starts_on, ends_on, curriculum, ignore=None)
        placement = Placement(placement_id, self.enrolment_id, self.trainee_id, place_id,
                              self.agreement_holder_id, element.code, element.kind,
                              list(element.plan), starts_on, ends_on, at, by)
        self.placements.append(placement)
        self.events.append(events.PlacementRecorded(
            **placement._facts(), curriculum=self.curriculum,
            curriculum_version=self.curriculum_version, element=element.code,
            element_kind=element.kind, plan=list(element.plan), starts_on=starts_on,
            ends_on=ends_on, recorded_at=at, recorded_by=by))
        self._audit(by, "placement.recorded", "placement", placement_id, to_state="recorded",
                    detail={"place_id": place_id, "element": element.code,
                            "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()})
        return placement

    def change_placement(self, placement_id: str, curriculum: Curriculum, starts_on: date,
                         ends_on: date, by: str, at: datetime) -> Placement:
        placement = self._open_placement(placement_id)
        self._check_dates(starts_on, ends_on, curriculum, ignore=placement)
        before = {"starts_on": placement.starts_on.isoformat(),
                  "ends_on": placement.ends_on.isoformat()}
        placement.starts_on, placement.ends_on = starts_on, ends_on
        self.events.append(events.PlacementChanged(
            **placement._facts(), starts_on=starts_on, ends_on=ends_on, changed_at=at,
            changed_by=by))
        self._audit(by, "placement.changed", "placement", placement_id, detail={
            "before": before, "after": {"starts_on": starts_on.isoformat(),
                                        "ends_on": ends_on.isoformat()}})
        return placement

    def cancel_placement(self, placement_id: str, reason: str, by: str,
                         at: datetime) -> Placement:
        if _blank(reason):
            raise BadPlacement("Say why the placement is cancelled.", code="reason_required")
        placement = self._open_placement(placement_id)
        self._cancel_placement(placement, reason.strip(), by, at)
        return placement

    def assign_tutor(self, placement_id: str, tutor_id: str, tutors_of_place: frozenset[str],
                     by: str, at: datetime) -> Placement:
        placement = self._open_placement(placement_id)
        if tutor_id not in tutors_of_place:
            raise BadPlacement("That person is not a tutor of the placement's practice.",
                               code="not_a_tutor_of_place")
        if placement.tutor_id == tutor_id:
            raise ProgrammeConflict("That tutor is already the personal tutor.",
                                    code="tutor_already_assigned")
        previous, placement.tutor_id, placement.tutor_since = placement.tutor_id, tutor_id, at
        self.events.append(events.TutorAssigned(
            **placement._facts(), tutor_id=tutor_id, previous_tutor_id=previous,
            valid_from=placement.starts_on, valid_to=placement.ends_on, assigned_at=at,
            assigned_by=by))
        self._audit(by, "tutor.assigned", "placement", placement_id, from_state=previous,
                    to_state=tutor_id, detail={"place_id": placement.place_id})
        return placement

    def change_curriculum_version(self, to_version: str, needs_approval_again: list[str],
                                  approvals_kept: list[str], by: str, at: datetime) -> None:
        """Move to a newer version of the curriculum (the sign-offs are carried before)."""
        self._refuse_if_cancelled()
        from_version, self.curriculum_version = self.curriculum_version, to_version
        self.events.append(events.CurriculumVersionChanged(
            self.enrolment_id, self.trainee_id, self.agreement_holder_id, self.curriculum,
            from_version, to_version, list(needs_approval_again), list(approvals_kept), at,
            by))
        self._audit(by, "enrolment.curriculum_version_changed", "enrolment",
                    self.enrolment_id, from_state=from_version, to_state=to_version,
                    detail={"needs_approval_again": list(needs_approval_again),
                            "approvals_kept": list(approvals_kept)})

    def cancel(self, reason: str, by: str, at: datetime) -> None:
        if _blank(reason):
            raise BadEnrolment("Say why the enrolment is cancelled.", code="reason_required")
        self._refuse_if_cancelled()
        for placement in self.active_placements():
            self._cancel_placement(placement, reason.strip(), by, at)
        self.cancelled_at, self.cancelled_by, self.cancel_reason = at, by, reason.strip()
        self.events.append(events.EnrolmentCancelled(
            self.enrolment_id, self.trainee_id, self.agreement_holder_id, reason.strip(), at,
            by))
        self._audit(by, "enrolment.cancelled", "enrolment", self.enrolment_id,
                    from_state="active", to_state=CANCELLED, reason=reason.strip())

    def _cancel_placement(self, placement: Placement, reason: str, by: str,
                          at: datetime) -> None:
        placement.cancelled_at, placement.cancelled_by = at, by
        placement.cancel_reason = reason
        self.events.append(events.PlacementCancelled(
            **placement._facts(), reason=reason, cancelled_at=at, cancelled_by=by))
        self._audit(by, "placement.cancelled", "placement", placement.placement_id,
                    to_state=CANCELLED, reason=reason)

    def _open_placement(self, placement_id: str) -> Placement:
        self._refuse_if_cancelled()
        placement = self.placement(placement_id)
        if placement is None:
            raise BadPlacement("No such placement in this enrolment.", code="placement_unknown")
        if placement.cancelled:
            raise ProgrammeConflict("The placement is cancelled.", code="placement_cancelled")
        return placement

    def _refuse_if_cancelled(self) -> None:
        if self.cancelled:
            raise ProgrammeConflict("The enrolment is cancelled.", code="enrolment_cancelled")

    def _check_dates(self, starts_on: date, ends_on: date, curriculum: Curriculum,
                     ignore: Placement | None) -> None:
        if ends_on < starts_on:
            raise BadPlacement("The placement ends before it starts.",
                               code="placement_ends_before_start")
        if starts_on < self.starts_on or (self.ends_on is not None and ends_on > self.ends_on):
            raise BadPlacement(
                f"The placement lies outside the enrolment ({self.starts_on} – "
                f"{self.ends_on or 'open'}).", code="placement_outside_enrolment")
        if curriculum.placements_may_overlap:
            return
        for other in self.placements:
            if other is not ignore and other.overlaps(starts_on, ends_on):
                raise ProgrammeConflict(
                    f"The placement overlaps {other.element} ({other.starts_on} – "
                    f"{other.ends_on}).", code="placements_overlap")

    def _audit(self, by: str, action: str, subject_type: str, subject_id: str,
               **facts: Any) -> None:
        self.audit.append(AuditEntry(actor=by, action=action, subject_type=subject_type,
                                     subject_id=subject_id, trainee_id=self.trainee_id,
                                     organisation_id=self.agreement_holder_id, **facts))
