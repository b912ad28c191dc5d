"""Who may see and decide a trainee's documents: the rules, on this service's projection.

Documents keeps its own record of each trainee's relations, built from other
services' events (``service_layer.relations``): their enrolments (programme,
curriculum version, agreement holder), their placements (each place of training
with the agreement holder responsible for it, as the event names both), the
people entitled to act for them with a window (``ApproverGrant``: the Danish
personal tutor of a placement from competencies, the appointed or invited
approvers from invitations) and the region's reopenings of a former trainee's
record to a practice (``AccessOpening``). The rules here read only that record
and the actor's token:

- the trainee sees their own documents;
- an approver sees them only inside the grant's window (local dates in the
  country's time zone), and may confirm or reject them if the role confirms
  paper evidence (``CONFIRMING_ROLES``);
- the tutors of a practice (a ``tutor`` membership of the place) see them, as in
  competencies, while a placement there is planned or current and until a year after it
  ended (local date), then only while the region has reopened the trainee's record to
  that practice; seeing is not confirming;
- administrators (region, municipality, health trust) of an organisation the
  trainee is enrolled or placed with see them, and may erase one on a lawful
  request; the national operator may too;
- an approver, a tutor of a practice and a reopening count only while the agreement of
  the organisation they answer to is in force (the trainee, administrators and the
  operator still see);
- a confirmation or rejection is a sign-off: it needs a login of the assurance the
  programme's country demands of signing (as competencies' sign-off does: Norway high,
  Denmark substantial, each configurable).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime

from portal_kit.clock import local_date

ADMIN_ROLES = frozenset({"region_admin", "municipality_admin", "health_trust_admin"})
CONFIRMING_ROLES = frozenset({"tutor", "leader", "delegate"})
VIEWING_ROLES = CONFIRMING_ROLES | {"vejleder", "advisor", "supervisor"}
TIME_ZONES = {"NO": "Europe/Oslo", "DK": "Europe/Copenhagen"}
ASSURANCE_RANK = {"substantial": 1, "high": 2}
SIGNING_ASSURANCE = {"NO": "high", "DK": "substantial"}  # competencies' defaults too


def assurance_suffices(assurance: str | None, required: str | None) -> bool:
    """Whether a login of ``assurance`` may sign where ``required`` is demanded."""
    return required is None or ASSURANCE_RANK.get(assurance or "", 0) >= ASSURANCE_RANK[
        required]


@dataclass(frozen=True)
class Actor:
    """Who acts, from the verified token: a person (or client) and their memberships."""

    person_id: str
    operator: bool = False
    memberships: frozenset[tuple[str, str]] = frozenset()  # (organisation_id, role)
    assurance: str | None = None  # of the login: high, substantial, or unknown

    def administered(self) -> frozenset[str]:
        return frozenset(org for org, role in self.memberships if role in ADMIN_ROLES)

    def tutor_of(self) -> frozenset[str]:
        """The places (practices) the person is a tutor of."""
        return frozenset(org for org, role in self.memberships if role == "tutor")

    def is_administrator(self) -> bool:
        return self.operator or bool(self.administered())

    def may_read_library(self, curriculum: str, curricula_of_mine: frozenset[str]) -> bool:
        """The library of a curriculum is for everyone in that programme: its trainees and
        their approvers (``curricula_of_mine``), and everyone the portal gave a role
        (administrators, tutors, signatories) or the operator."""
        return self.operator or bool(self.memberships) or curriculum in curricula_of_mine


@dataclass(eq=False)
class Enrolment:
    """A trainee's programme, as competencies announced it."""

    enrolment_id: str
    trainee_id: str
    curriculum: str
    curriculum_version: str
    programme: str
    country: str
    agreement_holder_id: str
    cancelled: bool = False

    @property
    def time_zone(self) -> str:
        return TIME_ZONES.get(self.country, "UTC")


@dataclass(eq=False)
class Placement:
    placement_id: str
    enrolment_id: str
    trainee_id: str
    agreement_holder_id: str
    starts_on: date
    ends_on: date
    cancelled: bool = False
    place_id: str | None = None


def a_year_after(day: date) -> date:
    """The same date a year later (28 February for 29 February)."""
    last = calendar.monthrange(day.year + 1, day.month)[1]
    return day.replace(year=day.year + 1, day=min(day.day, last))


@dataclass(eq=False)
class ApproverGrant:
    """One person entitled to act for one trainee, in a role, from one date to another."""

    grant_id: str
    trainee_id: str
    approver_id: str
    role: str
    organisation_id: str
    valid_from: date
    valid_to: date | None
    enrolment_id: str | None = None
    placement_id: str | None = None
    place_id: str | None = None
    version: int = 0
    ended: bool = False

    def take(self, newer: ApproverGrant) -> bool:
        """Take the state of a later version of this grant; ignore an earlier one."""
        if newer.version <= self.version:
            return False
        for name in ("approver_id", "role", "organisation_id", "valid_from", "valid_to",
                     "enrolment_id", "placement_id", "place_id", "version", "ended"):
            setattr(self, name, getattr(newer, name))
        return True

    def in_window(self, on: date) -> bool:
        return not self.ended and self.valid_from <= on and (
            self.valid_to is None or on <= self.valid_to)


@dataclass(eq=False)
class AccessOpening:
    """The region reopened a former trainee's record to the tutors of a practice, briefly."""

    opening_id: str
    trainee_id: str
    place_id: str
    agreement_holder_id: str
    opened_from: date
    opened_until: date

    def lets_see(self, actor: Actor, on: date) -> bool:
        return (self.place_id, "tutor") in actor.memberships and \
            self.opened_from <= on <= self.opened_until


@dataclass
class Relations:
    """Everything this service knows about one trainee's relations."""

    trainee_id: str
    enrolments: list[Enrolment] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    grants: list[ApproverGrant] = field(default_factory=list)
    openings: list[AccessOpening] = field(default_factory=list)
    # the agreement holders among these whose agreement is in force (None: not looked up)
    in_force: frozenset[str] | None = None

    def active_enrolments(self) -> list[Enrolment]:
        return [e for e in self.enrolments if not e.cancelled]

    def organisations(self) -> frozenset[str]:
        """The agreement holders the trainee is enrolled or placed with."""
        return frozenset([e.agreement_holder_id for e in self.active_enrolments()]
                         + [p.agreement_holder_id for p in self.placements if not p.cancelled])

    def current_grants(self, now: datetime, roles: frozenset[str]) -> list[ApproverGrant]:
        return [g for g in self.grants
                if g.role in roles and self._in_force(g.organisation_id)
                and g.in_window(local_date(now, self._zone_of(g)))]

    def confirmers(self, now: datetime) -> list[str]:
        """Who may confirm the trainee's paper evidence now (sorted, once each)."""
        return sorted({g.approver_id for g in self.current_grants(now, CONFIRMING_ROLES)})

    def may_view(self, actor: Actor, now: datetime) -> bool:
        if actor.person_id == self.trainee_id or actor.operator:
            return True
        if actor.administered() & self.organisations():
            return True
        today = local_date(now, self._zone())
        if any(o.lets_see(actor, today) and self._in_force(o.agreement_holder_id)
               for o in self.openings):
            return True
        if any(p.place_id in actor.tutor_of() and today <= a_year_after(p.ends_on)
               and self._in_force(p.agreement_holder_id)
               for p in self.placements if not p.cancelled):
            return True
        return any(g.approver_id == actor.person_id
                   for g in self.current_grants(now, VIEWING_ROLES))

    def may_confirm(self, actor: Actor, now: datetime) -> bool:
        return actor.person_id in self.confirmers(now)

    def _in_force(self, holder_id: str) -> bool:
        """Whether the holder's agreement is in force: an approver, a tutor of a practice
        or a reopening acts for the trainee only while it is."""
        return self.in_force is None or holder_id in self.in_force

    def country_of(self, enrolment_id: str) -> str | None:
        """The country of the programme a document belongs to."""
        return next((e.country for e in self.enrolments if e.enrolment_id == enrolment_id),
                    None)

    def may_erase(self, actor: Actor) -> bool:
        return actor.operator or bool(actor.administered() & self.organisations())

    def _zone_of(self, grant: ApproverGrant) -> str:
        enrolment = next((e for e in self.enrolments if e.enrolment_id == grant.enrolment_id),
                         None)
        return enrolment.time_zone if enrolment else self._zone()

    def _zone(self) -> str:
        enrolment = next(iter(self.active_enrolments() or self.enrolments), None)
        return enrolment.time_zone if enrolment else "UTC"
