"""Curricula (målbeskrivelser) as versioned data: what a trainee must show, grouped.

A curriculum has versions; each version has a validity period (for new enrolments), its
items grouped into plans, phases or roles (an item is a competency or a learning
objective, with its learning activities and how it is assessed), and its training
elements (the file's ``placements``): where a trainee trains, each with the plan of
groups worked on there. A newer version says per item which items of the previous one it
replaces and whether it was made stricter. A trainee stays on the version current at
enrolment.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

ELEMENT_KINDS = ("hospital", "psychiatry", "municipality", "practice", "introduction")
TIME_ZONES = {"NO": "Europe/Oslo", "DK": "Europe/Copenhagen"}


@dataclass(frozen=True)
class Activity:
    title: str
    code: str | None = None


@dataclass(frozen=True)
class Item:
    code: str
    kind: str
    title: str
    description: str
    wording: str
    activities: tuple[Activity, ...]
    assessment: tuple[str, ...]
    topic: str | None = None
    note: str | None = None
    replaces: tuple[str, ...] = ()
    stricter: bool = False
    mapping: str | None = None


@dataclass(frozen=True)
class Group:
    code: str
    kind: str
    title: str
    items: tuple[Item, ...]
    description: str | None = None


@dataclass(frozen=True)
class Element:
    """A training element (a placement's kind in this curriculum) and its plan."""

    code: str
    title: str
    kind: str
    order: int
    duration_months: float
    required: bool
    plan: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class Curriculum:
    curriculum: str
    version: str
    programme: str
    country: str
    language: str
    valid_from: date
    valid_to: date | None
    previous_version: str | None
    elements: tuple[Element, ...]
    groups: tuple[Group, ...]
    source: dict[str, Any] = field(default_factory=dict, compare=False)
    notes: str = ""
    approval: dict[str, Any] = field(default_factory=dict, compare=False)
    attestations: tuple[dict[str, Any], ...] = ()
    courses: tuple[dict[str, Any], ...] = ()
    placements_may_overlap: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return self.curriculum, self.version

    @property
    def time_zone(self) -> str:
        return TIME_ZONES.get(self.country, "UTC")

    def items(self) -> Iterator[Item]:
        for group in self.groups:
            yield from group.items

    @property
    def item_count(self) -> int:
        return sum(len(group.items) for group in self.groups)

    def element(self, code: str) -> Element | None:
        return next((e for e in self.elements if e.code == code), None)

    def is_current(self, today: date) -> bool:
        """New enrolments get this version today."""
        return self.valid_from <= today and (self.valid_to is None or today <= self.valid_to)


def current_version(versions: Iterable[Curriculum], today: date) -> Curriculum | None:
    """The version of one curriculum new enrolments get today (the latest valid one)."""
    valid = [v for v in versions if v.is_current(today)]
    return max(valid, key=lambda v: v.valid_from) if valid else None
