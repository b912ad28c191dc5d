"""Loading curriculum versions (all or none), and reading them."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from competencies.adapters.curriculum_codec import checksum, to_document
from competencies.domain import commands
from competencies.domain.curricula import Curriculum, current_version
from competencies.domain.exceptions import CurriculumFileInvalid, CurriculumVersionUnknown
from competencies.service_layer.access import today
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_kit.clock import Clock


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def load_curricula(cmd: commands.LoadCurricula, uow: CompetenciesUnitOfWork,
                   clock: Clock) -> LoadReport:
    """Add new versions and replace changed ones in one transaction.

    A loaded version keeps every item code it had: an item a trainee may have signed
    off never disappears (a changed curriculum is a new version).
    """
    report = LoadReport()
    with uow:
        for curriculum in cmd.curricula:
            name = f"{curriculum.curriculum} {curriculum.version}"
            stored = uow.curricula.checksum_of(curriculum.curriculum, curriculum.version)
            if stored == checksum(to_document(curriculum)):
                report.unchanged.append(name)
                continue
            if stored is not None:
                _keeps_its_items(uow, curriculum)
            uow.curricula.save(curriculum, clock.now())
            (report.updated if stored else report.added).append(name)
        uow.commit()
    return report


def _keeps_its_items(uow: CompetenciesUnitOfWork, curriculum: Curriculum) -> None:
    missing = uow.curricula.item_codes(curriculum.curriculum, curriculum.version) - {
        item.code for item in curriculum.items()}
    if missing:
        raise CurriculumFileInvalid(
            f"{curriculum.curriculum} {curriculum.version}: a loaded version keeps its items; "
            f"{', '.join(sorted(missing))} would disappear (publish a new version instead)")


def summaries(uow: CompetenciesUnitOfWork, clock: Clock, curriculum: str | None = None,
              country: str | None = None) -> list[dict[str, Any]]:
    """Every loaded version (filtered), saying which one new enrolments get today."""
    with uow:
        every = uow.curricula.all()
    current = _current_keys(every, clock)
    return [_shown(c, current) for c in every if curriculum in (None, c.curriculum)
            and country in (None, c.country)]


def detail(uow: CompetenciesUnitOfWork, clock: Clock, curriculum: str,
           version: str) -> dict[str, Any]:
    with uow:
        found = uow.curricula.get(curriculum, version)
        if found is None:
            raise CurriculumVersionUnknown(f"{curriculum} has no version {version!r}.")
        current = _current_keys(uow.curricula.versions_of(curriculum), clock)
    return _shown(found, current)


def _current_keys(versions: list[Curriculum], clock: Clock) -> set[tuple[str, str]]:
    by_curriculum: dict[str, list[Curriculum]] = {}
    for c in versions:
        by_curriculum.setdefault(c.curriculum, []).append(c)
    found = (current_version(vs, today(clock, vs[0].country)) for vs in by_curriculum.values())
    return {c.key for c in found if c is not None}


def _shown(curriculum: Curriculum, current: set[tuple[str, str]]) -> dict[str, Any]:
    shown = dataclasses.asdict(curriculum)
    shown.update(current=curriculum.key in current, item_count=curriculum.item_count)
    return shown


def all_versions(uow: CompetenciesUnitOfWork) -> list[Curriculum]:
    with uow:
        return uow.curricula.all()
