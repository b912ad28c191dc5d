"""A curriculum version as the JSON document stored with it, and back."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from typing import Any

from competencies.domain.curricula import Activity, Curriculum, Element, Group, Item


def to_document(curriculum: Curriculum) -> dict[str, Any]:
    document = dataclasses.asdict(curriculum)
    document["valid_from"] = curriculum.valid_from.isoformat()
    document["valid_to"] = curriculum.valid_to.isoformat() if curriculum.valid_to else None
    return document


def checksum(document: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


def from_document(document: dict[str, Any]) -> Curriculum:
    d = dict(document)
    d["valid_from"] = date.fromisoformat(d["valid_from"])
    d["valid_to"] = date.fromisoformat(d["valid_to"]) if d["valid_to"] else None
    d["elements"] = tuple(Element(**dict(e, plan=tuple(e["plan"]))) for e in d["elements"])
    d["groups"] = tuple(_group(g) for g in d["groups"])
    d["attestations"] = tuple(d["attestations"])
    d["courses"] = tuple(d["courses"])
    return Curriculum(**d)


def _group(g: dict[str, Any]) -> Group:
    return Group(**dict(g, items=tuple(_item(i) for i in g["items"])))


def _item(i: dict[str, Any]) -> Item:
    return Item(**dict(i, activities=tuple(Activity(**a) for a in i["activities"]),
                       assessment=tuple(i["assessment"]), replaces=tuple(i["replaces"])))
