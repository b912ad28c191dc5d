"""How a programme is shown: the words for the competencies service's codes, and the
curriculum narrowed to what a person searches for (a view, no rule: the service decides
every state; the page only leaves out what the search does not match)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

ASSESSMENT = {
    "direkte_observasjon": _l("Direct observation"),
    "supervisjon": _l("Supervision in daily work"),
    "veiledningssamtale": _l("Advisor's conversation"),
    "refleksjonsnotat": _l("Written reflection"),
    "kurs": _l("Course"),
    "e_laering": _l("E-learning"),
    "kompetencevurderingskort": _l("Competency assessment card"),
    "kvalifikationskort": _l("Qualification card"),
    "struktureret_vejledersamtale": _l("Structured supervisor conversation"),
    "360_grader_feedback": _l("360-degree feedback"),
    "struktureret_klinisk_observation": _l("Structured clinical observation"),
    "case_baseret_diskussion": _l("Case-based discussion"),
    "audit": _l("Audit of records"),
    "tutorvurdering": _l("The tutor's judgement"),
    "logbog": _l("Logbook"),
}
ITEM_STATES = {"not_started": _l("Not started"), "ready_for_approval": _l("Ready for approval"),
               "approved": _l("Approved"), "returned": _l("Returned")}
STATE_COLOURS = {"approved": "success", "ready_for_approval": "info", "returned": "warning"}
PLACEMENT_STATES = {"planned": _l("Planned"), "current": _l("Current"),
                    "former": _l("Former"), "cancelled": _l("Cancelled")}
ENROLMENT_STATUSES = {"active": _l("Active"), "cancelled": _l("Cancelled"),
                      "completed": _l("Completed")}
GROUP_KINDS = {"plan": _l("Plan"), "phase": _l("Phase"), "role": _l("Role"),
               "theme": _l("Theme")}
ITEM_KINDS = {"competency": _l("Competency"), "learning_objective": _l("Learning objective")}


@dataclass(frozen=True)
class Search:
    """What a person looks for in a curriculum: words, and a state."""

    text: str = ""
    state: str = ""

    @classmethod
    def of(cls, args: Mapping[str, str]) -> Search:
        state = args.get("state", "")
        return cls(args.get("q", "").strip()[:100], state if state in ITEM_STATES else "")

    @property
    def active(self) -> bool:
        return bool(self.text or self.state)

    def matches(self, item: Mapping[str, Any]) -> bool:
        if self.state and item.get("state", "not_started") != self.state:
            return False
        words = self.text.casefold().split()
        return all(word in _searchable(item) for word in words)


@dataclass
class Group:
    code: str
    title: str
    kind: str
    items: list[dict[str, Any]]
    total: int
    done: int = 0
    open: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _searchable(item: Mapping[str, Any]) -> str:
    activities = " ".join(str(a.get("title", a)) if isinstance(a, Mapping) else str(a)
                          for a in item.get("activities") or [])
    methods = " ".join(f"{m} {ASSESSMENT.get(m, '')}" for m in item.get("assessment") or [])
    return " ".join(str(item.get(k) or "") for k in ("code", "title", "description", "topic")
                    ).casefold() + " " + f"{activities} {methods}".casefold()


def groups_shown(groups: Iterable[Mapping[str, Any]], search: Search,
                 opened: Iterable[str] = ()) -> list[Group]:
    """The curriculum's groups with only the items the search matches; a group with a
    match is opened, and without a search the groups in ``opened`` (the current plan)."""
    wanted, shown = set(opened), []
    for group in groups:
        items = list(group.get("items") or [])
        found = [item for item in items if search.matches(item)]
        if search.active and not found:
            continue
        shown.append(Group(str(group.get("code", "")), str(group.get("title", "")),
                           str(group.get("kind", "")), found, len(items),
                           sum(1 for i in items if i.get("state") == "approved"),
                           open=search.active or group.get("code") in wanted))
    if shown and not any(g.open for g in shown):
        shown[0].open = True
    return shown


def current_plan(enrolment: Mapping[str, Any]) -> list[str]:
    """The group codes worked on in the trainee's current placement(s)."""
    current = enrolment.get("current_placement_id")
    codes = [str(g.get("code")) for g in enrolment.get("groups") or []
             if current and current in (g.get("placement_ids") or [])]
    for placement in enrolment.get("placements") or []:
        if placement.get("state") == "current":
            plan = placement.get("plan") or []
            codes += [plan] if isinstance(plan, str) else list(plan)
    return codes


def full_name(person: Mapping[str, Any] | None, fallback: str = "") -> str:
    if not person:
        return fallback
    if person.get("name"):
        return str(person["name"])
    joined = f"{person.get('given_name') or ''} {person.get('family_name') or ''}".strip()
    return joined or fallback


def words() -> dict[str, Any]:
    """What the programme templates need to name the service's codes."""
    return {"assessment": ASSESSMENT, "item_states": ITEM_STATES, "colours": STATE_COLOURS,
            "placement_states": PLACEMENT_STATES, "statuses": ENROLMENT_STATUSES,
            "group_kinds": GROUP_KINDS, "item_kinds": ITEM_KINDS}
