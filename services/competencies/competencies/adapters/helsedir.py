"""Helsedirektoratet's open content API → official wording in a LIS1 curriculum file.

Input: the JSON arrays the API answers to ``GET /innhold/innhold?infoTyper=lis-laeringsmal``
and ``...=lis-laeringsaktivitet`` (format: ``tests/data/README.md``). Each objective
(``lis-laeringsmal``) is matched to an item of the curriculum file by the code in its
``koder`` (code systems ``lis-laeringsmaal`` and ``lis-felleskompetansemaal``); its
``tekst`` with the HTML removed becomes the item's ``description`` verbatim, with
``wording: official`` (NLOD 2.0: the professional content is not changed). Activities
(``lis-laeringsaktivitet``) whose ``forelder`` link names the objective become its
``activities`` (at most three, the file's limit). Only ``status: Gjeldende`` is imported.
Titles (our short labels) and assessment methods are not in the API and stay as they are.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

CODE_SYSTEMS = ("lis-laeringsmaal", "lis-felleskompetansemaal")
IN_FORCE = "Gjeldende"
MAX_ACTIVITIES = 3


class HelsedirFormatError(ValueError):
    """The API's answer is not the documented shape."""


@dataclass
class Official:
    code: str
    infobit_id: str
    text: str
    activities: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    updated: list[str] = field(default_factory=list)
    not_in_curriculum: list[str] = field(default_factory=list)
    activities_unmatched: int = 0
    skipped_not_in_force: int = 0


class _Text(HTMLParser):
    BLOCKS = frozenset({"p", "li", "br", "div", "ul", "ol", "h1", "h2", "h3", "h4"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html or "")
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def objectives(infobits: Any, report: ImportReport) -> dict[str, Official]:
    """The objectives in force, by item code."""
    if not isinstance(infobits, list):
        raise HelsedirFormatError("expected a JSON array of lis-laeringsmal infobits")
    found: dict[str, Official] = {}
    for infobit in infobits:
        _check(infobit, "lis-laeringsmal")
        if infobit["status"] != IN_FORCE:
            report.skipped_not_in_force += 1
            continue
        codes = [c for system in CODE_SYSTEMS for c in (infobit["koder"] or {}).get(system) or ()]
        if len(codes) != 1:
            raise HelsedirFormatError(f"{infobit['id']}: expected one objective code, "
                                      f"found {codes}")
        found[codes[0]] = Official(codes[0], infobit["id"], plain_text(infobit["tekst"]))
    return found


def attach_activities(found: dict[str, Official], infobits: Any, report: ImportReport) -> None:
    if not isinstance(infobits, list):
        raise HelsedirFormatError("expected a JSON array of lis-laeringsaktivitet infobits")
    by_id = {o.infobit_id: o for o in found.values()}
    for infobit in infobits:
        _check(infobit, "lis-laeringsaktivitet")
        if infobit["status"] != IN_FORCE:
            report.skipped_not_in_force += 1
            continue
        parents = [link["href"].rsplit("/", 1)[-1] for link in infobit["links"]
                   if link.get("rel") == "forelder" and link.get("type") == "lis-laeringsmal"]
        targets = [by_id[p] for p in parents if p in by_id]
        if not targets:
            report.activities_unmatched += 1
        for objective in targets:
            objective.activities.append(" ".join(str(infobit["tittel"]).split()))


def apply(document: dict[str, Any], found: dict[str, Official], report: ImportReport) -> None:
    """Put the official texts into the curriculum document (in place)."""
    remaining = dict(found)
    for group in document["groups"]:
        for item in group["items"]:
            official = remaining.pop(item["code"], None)
            if official is None:
                continue
            item["description"], item["wording"] = official.text, "official"
            if official.activities:
                item["activities"] = [{"title": t} for t in official.activities[:MAX_ACTIVITIES]]
            report.updated.append(item["code"])
    report.not_in_curriculum.extend(sorted(remaining))


def _check(infobit: Any, info_type: str) -> None:
    if not isinstance(infobit, dict) or not {"id", "tekst", "koder", "links", "status",
                                             "tittel", "tekniskeData"} <= set(infobit):
        raise HelsedirFormatError(f"an infobit lacks the documented fields: {infobit!r:.120}")
    if infobit["tekniskeData"].get("infoType") != info_type:
        raise HelsedirFormatError(f"{infobit['id']} is not of info type {info_type}")
