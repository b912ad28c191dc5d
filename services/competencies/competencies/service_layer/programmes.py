"""Enrolments, placements, personal tutors and access openings: the use cases."""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from competencies.domain import commands
from competencies.domain.curricula import Curriculum, current_version
from competencies.domain.exceptions import (
    AgreementNotInForce,
    BadEnrolment,
    BadPlacement,
    EnrolmentUnknown,
    PlacementUnknown,
    ProgrammeConflict,
)
from competencies.domain.programmes import Enrolment
from competencies.domain.projections import TUTOR, Organisation
from competencies.domain.visibility import AccessOpening
from competencies.service_layer import present
from competencies.service_layer.access import require_administrator, today
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_kit.clock import Clock

DEFAULT_OPENING_DAYS = 30


def _new_id() -> str:
    return str(uuid.uuid4())


def _version(uow: CompetenciesUnitOfWork, cmd: commands.Enrol, clock: Clock) -> Curriculum:
    versions = uow.curricula.versions_of(cmd.curriculum)
    if not versions:
        raise BadEnrolment(f"No curriculum {cmd.curriculum!r} is loaded.",
                           code="curriculum_unknown")
    if cmd.curriculum_version is not None:
        named = [v for v in versions if v.version == cmd.curriculum_version]
        if not named:
            raise BadEnrolment(f"{cmd.curriculum} has no version {cmd.curriculum_version!r}.",
                               code="curriculum_version_unknown")
        return named[0]
    found = current_version(versions, today(clock, versions[0].country))
    if found is None:
        raise BadEnrolment(f"No version of {cmd.curriculum} is current today; name one.",
                           code="no_current_version")
    return found


def _holder(uow: CompetenciesUnitOfWork, holder_id: str) -> Organisation:
    holder = uow.known.organisation(holder_id)
    if holder is None or not holder.is_holder:
        raise BadEnrolment("That is not a known region, municipality or health trust.",
                           code="holder_unknown")
    agreement = uow.agreements.get(holder_id)
    if agreement is None or not agreement.in_force:
        raise AgreementNotInForce(f"{holder.name}'s data-processing agreement is not in force.")
    return holder


def enrol(cmd: commands.Enrol, uow: CompetenciesUnitOfWork, clock: Clock) -> dict[str, Any]:
    """An administrator of the holder makes a person a trainee in a programme."""
    with uow:
        require_administrator(cmd.by, cmd.agreement_holder_id)
        holder = _holder(uow, cmd.agreement_holder_id)
        curriculum = _version(uow, cmd, clock)
        if curriculum.country != holder.country:
            raise BadEnrolment(f"{curriculum.curriculum} is a curriculum of "
                               f"{curriculum.country}, {holder.name} is in {holder.country}.",
                               code="curriculum_country_mismatch")
        if uow.known.person(cmd.trainee_id) is None:
            raise BadEnrolment("No such person is known.", code="trainee_unknown")
        if uow.enrolments.active_of(cmd.trainee_id, curriculum.curriculum):
            raise ProgrammeConflict("The person is already enrolled in this curriculum.",
                                    code="already_enrolled")
        enrolment = Enrolment.enrol(_new_id(), cmd.trainee_id, curriculum, holder.organisation_id,
                                    cmd.starts_on, cmd.ends_on, cmd.by.subject, clock.now())
        uow.enrolments.add(uow.track(enrolment))
        return _committed(uow, enrolment, curriculum, clock)


def cancel_enrolment(cmd: commands.CancelEnrolment, uow: CompetenciesUnitOfWork,
                     clock: Clock) -> dict[str, Any]:
    with uow:
        enrolment = _enrolment(uow, cmd.by, cmd.enrolment_id)
        enrolment.cancel(cmd.reason, cmd.by.subject, clock.now())
        return _committed(uow, enrolment, None, clock)


def record_placement(cmd: commands.RecordPlacement, uow: CompetenciesUnitOfWork,
                     clock: Clock) -> dict[str, Any]:
    """A placement at a place of the holder; the plan from its element; the tutor of the
    practice when it has exactly one (or the one named)."""
    with uow:
        enrolment = _enrolment(uow, cmd.by, cmd.enrolment_id)
        place = _place(uow, cmd.place_id, enrolment.agreement_holder_id)
        curriculum = _curriculum_of(uow, enrolment)
        placement = enrolment.record_placement(
            _new_id(), curriculum, cmd.element, place.organisation_id, cmd.starts_on,
            cmd.ends_on, cmd.by.subject, clock.now())
        tutors = frozenset(m.person_id for m in uow.known.members(place.organisation_id, TUTOR))
        tutor = cmd.tutor_id or (next(iter(tutors)) if len(tutors) == 1 else None)
        if tutor:
            enrolment.assign_tutor(placement.placement_id, tutor, tutors, cmd.by.subject,
                                   clock.now())
        return _committed(uow, enrolment, curriculum, clock, placement.placement_id)


def change_placement(cmd: commands.ChangePlacement, uow: CompetenciesUnitOfWork,
                     clock: Clock) -> dict[str, Any]:
    with uow:
        enrolment = _enrolment_of_placement(uow, cmd.by, cmd.placement_id)
        curriculum = _curriculum_of(uow, enrolment)
        enrolment.change_placement(cmd.placement_id, curriculum, cmd.starts_on, cmd.ends_on,
                                   cmd.by.subject, clock.now())
        return _committed(uow, enrolment, curriculum, clock, cmd.placement_id)


def cancel_placement(cmd: commands.CancelPlacement, uow: CompetenciesUnitOfWork,
                     clock: Clock) -> dict[str, Any]:
    with uow:
        enrolment = _enrolment_of_placement(uow, cmd.by, cmd.placement_id)
        enrolment.cancel_placement(cmd.placement_id, cmd.reason, cmd.by.subject, clock.now())
        return _committed(uow, enrolment, None, clock, cmd.placement_id)


def assign_tutor(cmd: commands.AssignTutor, uow: CompetenciesUnitOfWork,
                 clock: Clock) -> dict[str, Any]:
    with uow:
        enrolment = _enrolment_of_placement(uow, cmd.by, cmd.placement_id)
        found = enrolment.placement(cmd.placement_id)
        place_id = found.place_id if found else ""
        tutors = frozenset(m.person_id for m in uow.known.members(place_id, TUTOR))
        enrolment.assign_tutor(cmd.placement_id, cmd.tutor_id, tutors, cmd.by.subject,
                               clock.now())
        return _committed(uow, enrolment, None, clock, cmd.placement_id)


def open_access(cmd: commands.OpenAccess, uow: CompetenciesUnitOfWork, clock: Clock,
                settings: Mapping[str, Any]) -> AccessOpening:
    """A region reopens a former trainee's record to a practice's tutors, for a while."""
    with uow:
        place = uow.known.organisation(cmd.place_id)
        if place is None:
            raise BadPlacement("No such place of training is known.", code="place_unknown")
        require_administrator(cmd.by, place.holder_id)
        placed = [p for e in uow.enrolments.of_trainee(cmd.trainee_id) for p in e.placements
                  if p.place_id == place.organisation_id and not p.cancelled
                  and p.state(today(clock, e.country)) == "former"]
        if not placed:
            raise ProgrammeConflict("The trainee has no ended placement at this place.",
                                    code="not_a_former_trainee_of_place")
        opening = AccessOpening.open(
            _new_id(), cmd.trainee_id, place.organisation_id, place.holder_id,
            today(clock, place.country), cmd.opened_until, cmd.reason,
            int(settings.get("ACCESS_OPENING_MAX_DAYS") or DEFAULT_OPENING_DAYS),
            cmd.by.subject, clock.now())
        uow.openings.add(uow.track(opening))
        uow.commit()
        return opening


def _enrolment(uow: CompetenciesUnitOfWork, by: Any, enrolment_id: str) -> Enrolment:
    enrolment = uow.enrolments.get(enrolment_id, lock=True)
    if enrolment is None:
        raise EnrolmentUnknown("No such enrolment.")
    require_administrator(by, enrolment.agreement_holder_id)
    return uow.track(enrolment)


def _enrolment_of_placement(uow: CompetenciesUnitOfWork, by: Any,
                            placement_id: str) -> Enrolment:
    enrolment = uow.enrolments.of_placement(placement_id, lock=True)
    if enrolment is None:
        raise PlacementUnknown("No such placement.")
    require_administrator(by, enrolment.agreement_holder_id)
    return uow.track(enrolment)


def _place(uow: CompetenciesUnitOfWork, place_id: str, holder_id: str) -> Organisation:
    place = uow.known.organisation(place_id)
    if place is None:
        raise BadPlacement("No such place of training is known.", code="place_unknown")
    if place.holder_id != holder_id:
        raise BadPlacement("The place belongs to another agreement holder.",
                           code="place_not_of_holder")
    return place


def _curriculum_of(uow: CompetenciesUnitOfWork, enrolment: Enrolment) -> Curriculum:
    found = uow.curricula.get(enrolment.curriculum, enrolment.curriculum_version)
    if found is None:  # versions are never removed; a missing one is a broken database
        raise RuntimeError(f"curriculum {enrolment.curriculum} {enrolment.curriculum_version} "
                           "of an enrolment is not loaded")
    return found


def _committed(uow: CompetenciesUnitOfWork, enrolment: Enrolment,
               curriculum: Curriculum | None, clock: Clock,
               placement_id: str | None = None) -> dict[str, Any]:
    uow.commit()
    curriculum = curriculum or uow.curricula.get(enrolment.curriculum,
                                                 enrolment.curriculum_version)
    names = present.Names(uow, [enrolment])
    day = today(clock, enrolment.country)
    if placement_id is None:
        return present.enrolment(enrolment, curriculum, day, names)
    found = enrolment.placement(placement_id)
    assert found is not None
    return present.placement(found, curriculum, day, names)
