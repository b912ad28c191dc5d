"""Reading a curriculum file (format ``portal.curriculum/v1``) into a ``Curriculum``.

The file's format is documented in ``competencies/data/curricula/README.md``. The input
is the parsed document; mappings may carry the line they start on (``.line``), so that
every refusal names the file and the line. A file is refused as a whole: a duplicate
code, an unknown assessment method, a missing required key, a ``replaces`` code the
previous version does not have, a placement or attestation naming an unknown group or
placement.
"""
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from competencies.domain.curricula import ELEMENT_KINDS, Activity, Curriculum, Element, Group, Item
from competencies.domain.exceptions import CurriculumFileInvalid

FORMAT = "portal.curriculum/v1"
ASSESSMENTS = frozenset({
    "direkte_observasjon", "supervisjon", "veiledningssamtale", "refleksjonsnotat", "kurs",
    "e_laering", "kompetencevurderingskort", "kvalifikationskort",
    "struktureret_vejledersamtale", "360_grader_feedback", "struktureret_klinisk_observation",
    "case_baseret_diskussion", "audit", "tutorvurdering", "logbog"})
TOP_LEVEL = ("format", "curriculum", "programme", "country", "version", "valid_from",
             "valid_to", "previous_version", "language", "source", "notes", "approval",
             "attestations", "placements", "groups")
ITEM_KEYS = ("code", "kind", "title", "description", "wording", "activities", "assessment")
VERSIONED_ITEM_KEYS = ("replaces", "stricter", "mapping")
GROUP_KEYS = ("code", "kind", "title", "items")
ELEMENT_KEYS = ("code", "title", "kind", "order", "duration_months", "required", "groups")
SOURCE_KEYS = ("name", "url", "publisher", "retrieved", "licence")


class FileReader:
    """Reads one file's document; every refusal names ``name`` and the line."""

    def __init__(self, name: str, document: Any) -> None:
        self.name = name
        self.document = document

    def fail(self, node: Any, message: str) -> CurriculumFileInvalid:
        line = getattr(node, "line", None)
        return CurriculumFileInvalid(f"{self.name}:{line or 1}: {message}",
                                     file=self.name, line=line or 1)

    def require(self, node: Any, keys: tuple[str, ...], what: str) -> None:
        if not isinstance(node, Mapping):
            raise self.fail(node, f"{what} must be a mapping")
        missing = [k for k in keys if k not in node]
        if missing:
            raise self.fail(node, f"{what} lacks the required key(s) {', '.join(missing)}")

    def text(self, node: Mapping[str, Any], key: str, what: str) -> str:
        value = node.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, f"{what}: {key} must be a non-empty text")
        return value.strip()

    def read(self, previous: Curriculum | None = None) -> Curriculum:
        doc = self.document
        self.require(doc, TOP_LEVEL, "the curriculum")
        if doc["format"] != FORMAT:
            raise self.fail(doc, f"format must be {FORMAT}, not {doc['format']!r}")
        if doc["country"] not in ("NO", "DK") or doc["language"] not in ("nb", "da"):
            raise self.fail(doc, "country must be NO or DK and language nb or da")
        valid_from, valid_to = self.date(doc, "valid_from"), self.date(doc, "valid_to", True)
        if valid_from is None:
            raise self.fail(doc, "valid_from must be a date (YYYY-MM-DD)")
        if valid_to is not None and valid_to < valid_from:
            raise self.fail(doc, "valid_to is before valid_from")
        self.require(doc["source"], SOURCE_KEYS, "source")
        groups = self.groups(doc["groups"], versioned=doc["previous_version"] is not None)
        elements = self.elements(doc["placements"], {g.code for g in groups})
        self.attestations(doc["attestations"], {e.code for e in elements})
        curriculum = Curriculum(
            curriculum=self.text(doc, "curriculum", "the curriculum"),
            version=str(doc["version"]), programme=self.text(doc, "programme", "the curriculum"),
            country=doc["country"], language=doc["language"], valid_from=valid_from,
            valid_to=valid_to, previous_version=_optional_text(doc["previous_version"]),
            elements=elements, groups=groups, source=_plain(doc["source"]),
            notes=str(doc["notes"]), approval=_plain(doc["approval"]),
            attestations=tuple(_plain(a) for a in doc["attestations"]),
            courses=tuple(_plain(c) for c in doc.get("courses") or ()),
            placements_may_overlap=bool(doc.get("placements_may_overlap", False)))
        if previous is not None:
            self.check_replaces(curriculum, previous)
        return curriculum

    def date(self, node: Mapping[str, Any], key: str,
             optional: bool = False) -> datetime.date | None:
        value = node.get(key)
        if value is None and optional:
            return None
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            raise self.fail(node, f"{key} must be a date (YYYY-MM-DD)")
        return value

    def groups(self, nodes: Any, versioned: bool) -> tuple[Group, ...]:
        if not isinstance(nodes, list) or not nodes:
            raise self.fail(self.document, "groups must list at least one group")
        seen_groups: set[str] = set()
        seen_items: set[str] = set()
        groups = []
        for node in nodes:
            self.require(node, GROUP_KEYS, "a group")
            code = self.text(node, "code", "a group")
            if code in seen_groups:
                raise self.fail(node, f"duplicate group code {code}")
            seen_groups.add(code)
            if node["kind"] not in ("plan", "phase", "role", "theme"):
                raise self.fail(node, f"group {code}: unknown kind {node['kind']!r}")
            items = tuple(self.item(i, seen_items, versioned) for i in node["items"] or ())
            groups.append(Group(code, node["kind"], self.text(node, "title", code), items,
                                _optional_text(node.get("description"))))
        return tuple(groups)

    def item(self, node: Any, seen: set[str], versioned: bool) -> Item:
        self.require(node, ITEM_KEYS + (VERSIONED_ITEM_KEYS if versioned else ()), "an item")
        code = self.text(node, "code", "an item")
        if code in seen:
            raise self.fail(node, f"duplicate item code {code}")
        seen.add(code)
        if node["kind"] not in ("learning_objective", "competency"):
            raise self.fail(node, f"item {code}: unknown kind {node['kind']!r}")
        if node["wording"] not in ("official", "placeholder"):
            raise self.fail(node, f"item {code}: wording must be official or placeholder")
        assessment = node["assessment"]
        if not isinstance(assessment, list) or not assessment:
            raise self.fail(node, f"item {code}: assessment must list at least one method")
        unknown = [m for m in assessment if m not in ASSESSMENTS]
        if unknown:
            raise self.fail(node, f"item {code}: unknown assessment method {unknown[0]!r}")
        return Item(code=code, kind=node["kind"], title=self.text(node, "title", code),
                    description=self.text(node, "description", code),
                    wording=node["wording"], activities=self.activities(node, code),
                    assessment=tuple(assessment), topic=_optional_text(node.get("topic")),
                    note=_optional_text(node.get("note")),
                    replaces=tuple(node.get("replaces") or ()),
                    stricter=self.flag(node, code), mapping=node.get("mapping"))

    def flag(self, node: Mapping[str, Any], code: str) -> bool:
        value = node.get("stricter", False)
        if not isinstance(value, bool):
            raise self.fail(node, f"item {code}: stricter must be true or false")
        return value

    def activities(self, node: Mapping[str, Any], code: str) -> tuple[Activity, ...]:
        listed = node["activities"]
        if not isinstance(listed, list) or not listed:
            raise self.fail(node, f"item {code}: activities must list at least one")
        for activity in listed:
            self.require(activity, ("title",), f"an activity of {code}")
        return tuple(Activity(self.text(a, "title", code), _optional_text(a.get("code")))
                     for a in listed)

    def elements(self, nodes: Any, groups: set[str]) -> tuple[Element, ...]:
        if not isinstance(nodes, list) or not nodes:
            raise self.fail(self.document, "placements must list at least one placement")
        elements, seen = [], set()
        for node in nodes:
            self.require(node, ELEMENT_KEYS, "a placement")
            code = self.text(node, "code", "a placement")
            if code in seen:
                raise self.fail(node, f"duplicate placement code {code}")
            seen.add(code)
            if node["kind"] not in ELEMENT_KINDS:
                raise self.fail(node, f"placement {code}: unknown kind {node['kind']!r}")
            unknown = [g for g in node["groups"] if g not in groups]
            if unknown:
                raise self.fail(node, f"placement {code} names the unknown group {unknown[0]}")
            elements.append(Element(code, self.text(node, "title", code), node["kind"],
                                    int(node["order"]), float(node["duration_months"]),
                                    bool(node["required"]), tuple(node["groups"]),
                                    _optional_text(node.get("note"))))
        return tuple(elements)

    def attestations(self, nodes: Any, elements: set[str]) -> None:
        if not isinstance(nodes, list):
            raise self.fail(self.document, "attestations must be a list")
        for node in nodes:
            self.require(node, ("code", "kind", "title", "scope", "approver_roles", "rule"),
                         "an attestation")
            unknown = [p for p in node.get("placements") or () if p not in elements]
            if unknown:
                raise self.fail(node, f"attestation {node['code']} names the unknown "
                                      f"placement {unknown[0]}")

    def check_replaces(self, curriculum: Curriculum, previous: Curriculum) -> None:
        old = {item.code for item in previous.items()}
        for group_node in self.document["groups"]:
            for node in group_node["items"]:
                unknown = [c for c in node.get("replaces") or () if c not in old]
                if unknown:
                    raise self.fail(node, f"item {node['code']} replaces {unknown[0]}, which "
                                          f"version {previous.version} does not have")


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value)


def _plain(value: Any) -> Any:
    """The value as plain JSON-ready data (dates as ISO text, mappings as dicts)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
