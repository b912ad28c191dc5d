"""The authorisation register adapter that reads a local extract in the registers' shapes.

``hpr.json`` has HPR's person records (``hprNummer``, names, ``fodselsaar``,
``godkjenninger``, ``spesialiteter``); ``autorisationsregister.csv`` has the Danish
register's columns with the CPR it is keyed by. CPR numbers are kept only as keyed
hashes in memory. A production adapter (HPR's web service, the Danish register through
NSP) implements ``identity.domain.register.AuthorisationRegister`` the same way; see
``identity/data/register/README.md``.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from identity.domain.national_id import NationalId
from identity.domain.register import RegisterEntry, RegisterQuery

EXTRACT = Path(__file__).resolve().parents[1] / "data" / "register"


class LocalRegisterExtract:
    def __init__(self, hash_national_id: Callable[[NationalId], str],
                 folder: Path = EXTRACT) -> None:
        self._hash = hash_national_id
        self._by_cpr: dict[str, RegisterEntry] = {}
        self._entries = list(_hpr(folder / "hpr.json")) + list(self._danish(
            folder / "autorisationsregister.csv"))
        self._by_id = {(e.country, e.register_id): e for e in self._entries}

    def search(self, query: RegisterQuery) -> list[RegisterEntry]:
        found = [e for e in self._entries if _matches(e, query)]
        return sorted(found, key=lambda e: (e.family_name, e.given_name))[:query.limit]

    def get(self, country: str, register_id: str) -> RegisterEntry | None:
        return self._by_id.get((country, register_id))

    def by_national_id(self, national_id: NationalId) -> RegisterEntry | None:
        if national_id.country != "DK":
            return None
        return self._by_cpr.get(self._hash(national_id))

    def _danish(self, path: Path) -> Iterable[RegisterEntry]:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = (line for line in handle if not line.startswith("#"))
            for row in csv.DictReader(lines, delimiter=";"):
                entry = RegisterEntry("DK", row["autorisations_id"], row["fornavn"],
                                      row["efternavn"], int(row["foedselsaar"]),
                                      row["erhverv"], row["speciale"] or None, row["status"])
                self._by_cpr[self._hash(NationalId("DK", row["cpr"]))] = entry
                yield entry


def _hpr(path: Path) -> Iterable[RegisterEntry]:
    for person in json.loads(path.read_text(encoding="utf-8"))["helsepersonell"]:
        approval = person["godkjenninger"][0]
        specialties = person.get("spesialiteter") or []
        given = " ".join(filter(None, (person["fornavn"], person.get("mellomnavn"))))
        yield RegisterEntry("NO", person["hprNummer"], given, person["etternavn"],
                            person["fodselsaar"], approval["kategoriNavn"],
                            specialties[0]["navn"] if specialties else None,
                            approval["status"])


def _matches(entry: RegisterEntry, query: RegisterQuery) -> bool:
    if query.country and entry.country != query.country:
        return False
    if query.hpr_number and entry.hpr_number != query.hpr_number:
        return False
    if query.authorisation_id and entry.authorisation_id != query.authorisation_id.upper():
        return False
    if query.name:
        full = f"{entry.given_name} {entry.family_name}".casefold()
        return all(word in full for word in query.name.casefold().split())
    return True
