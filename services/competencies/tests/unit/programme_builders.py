"""Curricula and programmes for the domain's unit tests (shipped files, fixed times)."""
from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time

from competencies.adapters.curriculum_yaml import read_files, shipped_files
from competencies.domain.curricula import Curriculum
from competencies.domain.programmes import Enrolment

ADMIN, HOLDER, PRACTICE = "admin-1", "region-h", "practice-a"


@functools.cache
def shipped() -> dict[tuple[str, str], Curriculum]:
    return {c.key: c for c in read_files(shipped_files())}


def curriculum(name: str = "kbu", version: str = "2017") -> Curriculum:
    return shipped()[(name, version)]


def noon(day: date) -> datetime:
    return datetime.combine(day, time(11, 0), tzinfo=UTC)


def enrolled(name: str = "kbu", version: str = "2017", starts: date = date(2026, 8, 1),
             ends: date | None = date(2027, 7, 31), trainee: str = "trainee-1") -> Enrolment:
    enrolment = Enrolment.enrol("enr-1", trainee, curriculum(name, version), HOLDER, starts,
                                ends, ADMIN, noon(starts))
    enrolment.events.clear()
    enrolment.audit.clear()
    return enrolment


def placed(enrolment: Enrolment, element: str, starts: date, ends: date,
           place: str = PRACTICE, placement_id: str | None = None):
    found = curriculum(enrolment.curriculum, enrolment.curriculum_version)
    return enrolment.record_placement(placement_id or f"pl-{element}-{starts}", found, element,
                                      place, starts, ends, ADMIN, noon(starts))
