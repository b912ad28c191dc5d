"""The shipped permission matrix (``data/permissions.yaml``), with the assurance signing
requires per country overridable by configuration (SIGNOFF_MIN_ASSURANCE_NO / _DK)."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from competencies.domain.permissions import ASSURANCE_RANK, Permissions

MATRIX = Path(__file__).resolve().parents[1] / "data" / "permissions.yaml"


def permissions_from_config(config: Mapping[str, Any]) -> Permissions:
    data = yaml.safe_load(MATRIX.read_text(encoding="utf-8"))
    for country in list(data["assurance"]):
        given = str(config.get(f"SIGNOFF_MIN_ASSURANCE_{country}") or "").strip()
        if given:
            if given not in ASSURANCE_RANK:
                raise ValueError(f"SIGNOFF_MIN_ASSURANCE_{country} must be one of "
                                 f"{', '.join(ASSURANCE_RANK)}, not {given!r}")
            data["assurance"][country] = given
    return Permissions(data)
