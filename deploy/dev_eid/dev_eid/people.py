"""The test people one logs in as (``deploy/dev_eid/people.yaml``), checked when loaded."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "people.yaml"
HELSEID_LEVELS = {3: "substantial", 4: "high"}
NSIS_LEVELS = {"substantial", "high"}


@dataclass(frozen=True)
class Person:
    """A synthetic person of one broker; ``assurance`` is ``high`` or ``substantial``."""

    key: str
    broker: str
    given_name: str
    family_name: str
    national_id: str
    assurance: str
    about: str = ""
    hpr_number: str | None = None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


def load_people(path: Path = DEFAULT_FILE) -> list[Person]:
    """Every test person in the file; a malformed entry stops the provider at start-up."""
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("people") or []
    people = [_person(entry) for entry in entries]
    keys = [person.key for person in people]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{path}: test people's keys must be unique")
    return people


def _person(entry: dict[str, Any]) -> Person:
    broker = entry.get("broker")
    common = {"key": str(entry["key"]), "broker": broker, "about": entry.get("about", ""),
              "given_name": entry["given_name"], "family_name": entry["family_name"]}
    if broker == "helseid":
        level = HELSEID_LEVELS.get(int(entry.get("security_level") or 0))
        if level is None:
            raise ValueError(f"{common['key']}: security_level must be 3 or 4")
        hpr = entry.get("hpr_number")
        return Person(**common, national_id=str(entry["pid"]), assurance=level,
                      hpr_number=str(hpr) if hpr else None)
    if broker == "nemlogin":
        if entry.get("nsis_level") not in NSIS_LEVELS:
            raise ValueError(f"{common['key']}: nsis_level must be substantial or high")
        return Person(**common, national_id=str(entry["cpr"]), assurance=entry["nsis_level"])
    raise ValueError(f"{common['key']}: broker must be helseid or nemlogin, not {broker!r}")
