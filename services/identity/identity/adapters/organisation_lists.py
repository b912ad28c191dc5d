"""Reading organisation lists: the portal's own files (``portal.organisations/v1``, see
``identity/data/organisations/README.md``) and the official formats for updates:
SSB KLASS 131 (municipalities, JSON ``codes``/``codesAt``) and DAWA ``/regioner``
(Danish regions, JSON)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from identity.domain.commands import ListedOrganisation as Listed

FORMAT = "portal.organisations/v1"
FOLDER = Path(__file__).resolve().parents[1] / "data" / "organisations"
TOP_KEYS = {"format", "kind", "country", "source", "counties", "regional_health_authorities",
            "organisations"}
RECORD_KEYS = {
    "municipality": {"code", "name", "county_code", "display_name", "official_name",
                     "parallel_names"},
    "health_trust": {"code", "name", "organisation_number", "regional_health_authority",
                     "ownership", "lis1"},
    "region": {"code", "name", "cvr", "iso_3166_2", "nuts2"},
}
SSB_UNKNOWN = "9999"


class ListError(ValueError):
    """The file is not a list identity can load (format, kind or an unknown key)."""


def read_portal_file(path: Path) -> list[Listed]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ListError(f"{path.name}: not a {FORMAT} file")
    unknown = set(document) - TOP_KEYS
    kind, country = document.get("kind"), document.get("country")
    if unknown or kind not in RECORD_KEYS or country not in ("NO", "DK"):
        raise ListError(f"{path.name}: unknown keys {sorted(unknown)} or kind/country")
    return [_record(path, kind, country, record) for record in document["organisations"]]


def _record(path: Path, kind: str, country: str, record: dict[str, Any]) -> Listed:
    unknown = set(record) - RECORD_KEYS[kind]
    if unknown:
        raise ListError(f"{path.name}: {record.get('code')}: unknown keys {sorted(unknown)}")
    number = record.get("organisation_number") or record.get("cvr")
    name = record.get("display_name") or record["name"]
    return Listed(kind, country, str(record["code"]), str(name), str(number) if number else None)


def shipped_files(folder: Path = FOLDER) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def read_klass_131(path: Path) -> list[Listed]:
    """SSB KLASS classification 131 (kommuneinndeling): ``{"codes": [{code, name}, ...]}``."""
    codes = json.loads(path.read_text(encoding="utf-8")).get("codes")
    if not isinstance(codes, list):
        raise ListError(f"{path.name}: not a KLASS codes response")
    return [Listed("municipality", "NO", str(c["code"]), str(c["name"])) for c in codes
            if str(c.get("code")) != SSB_UNKNOWN and str(c.get("level", "1")) == "1"]


def read_dawa_regions(path: Path) -> list[Listed]:
    """DAWA / Dataforsyningen ``/regioner``: ``[{kode, navn, ...}, ...]``."""
    regions = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(regions, list):
        raise ListError(f"{path.name}: not a DAWA regioner response")
    return [Listed("region", "DK", str(r["kode"]), str(r["navn"])) for r in regions]


OFFICIAL_FORMATS = {"klass-131": read_klass_131, "dawa-regioner": read_dawa_regions}
