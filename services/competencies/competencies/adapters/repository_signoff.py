"""Reading and writing sign-off records, delegations, completions and identifiers."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, union
from sqlalchemy.orm import Session

from competencies.adapters import orm_signoff as t
from competencies.adapters.orm import metadata
from competencies.adapters.repository import snapshot
from competencies.domain.completion import ProgrammeCompletion
from competencies.domain.signoff import Activity, Recommendation, SignOff, State
from competencies.domain.signoff_delegation import Delegation


class SignOffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: Any) -> None:
        self.session.add(record)

    def get(self, enrolment_id: str, curriculum_version: str, code: str,
            placement_id: str | None = None) -> SignOff | None:
        s = t.sign_offs
        return self.session.scalars(select(SignOff).where(
            s.c.enrolment_id == enrolment_id, s.c.curriculum_version == curriculum_version,
            s.c.code == code, func.coalesce(s.c.placement_id, "") == (placement_id or ""),
        )).first()

    def of_enrolment(self, enrolment_id: str, curriculum_version: str | None = None
                     ) -> list[SignOff]:
        s = t.sign_offs
        query = select(SignOff).where(s.c.enrolment_id == enrolment_id)
        if curriculum_version is not None:
            query = query.where(s.c.curriculum_version == curriculum_version)
        return list(self.session.scalars(query))

    def read_of_enrolment(self, enrolment_id: str, curriculum_version: str) -> list[SignOff]:
        """The enrolment's records on the version as read snapshots (``snapshots``)."""
        s = t.sign_offs
        return self._snapshots(select(s).where(s.c.enrolment_id == enrolment_id,
                                               s.c.curriculum_version == curriculum_version))

    def awaiting(self, approver_id: str) -> list[SignOff]:
        """Records ready for approval addressed to the approver or of their own trainees,
        oldest first, as read snapshots. The trainees are asked first: as a subquery of
        the OR, PostgreSQL would read every record ready for approval."""
        s = t.sign_offs
        trainees = [row[0] for row in self.session.execute(self._trainees_of(approver_id))]
        addressed = s.c.approver_id == approver_id
        return self._snapshots(select(s).where(s.c.state == State.READY, or_(
            addressed, s.c.trainee_id.in_(trainees)) if trainees else addressed)
            .order_by(s.c.submitted_at, s.c.id))

    def _snapshots(self, query: Any) -> list[SignOff]:
        """Records read with Core, three statements whatever their number (the records,
        their activities, their recommendations), as read snapshots (``snapshot``). No
        autoflush: for reads, and first things in a transaction, only."""
        rows_of = self.session.connection().execute  # Core, past the ORM's execution
        rows = rows_of(query).mappings().all()
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        activities: dict[str, list[Activity]] = {i: [] for i in ids}
        recommendations: dict[str, list[Recommendation]] = {i: [] for i in ids}
        a, r = t.sign_off_activities, t.sign_off_recommendations
        for found in rows_of(select(a).where(a.c.sign_off_id.in_(ids))
                             .order_by(a.c.logged_at)).mappings():
            activities[found["sign_off_id"]].append(snapshot(Activity, found, "sign_off_id"))
        for found in rows_of(select(r).where(r.c.sign_off_id.in_(ids))
                             .order_by(r.c.id)).mappings():
            recommendations[found["sign_off_id"]].append(snapshot(
                Recommendation, found, "sign_off_id", "id"))
        return [snapshot(SignOff, row, activities=activities[row["id"]],
                          recommendations=recommendations[row["id"]], events=[], audit=[])
                for row in rows]

    def item_states(self, enrolment_id: str, curriculum_version: str) -> dict[str, str]:
        """The state of each item's record (attestations of a placement left out), in one
        statement and without loading the records, their activities and recommendations:
        the curriculum view asks this on every read."""
        s = t.sign_offs
        return {code: State(state).value for code, state in self.session.execute(
            select(s.c.code, s.c.state).where(
                s.c.enrolment_id == enrolment_id,
                s.c.curriculum_version == curriculum_version, s.c.placement_id.is_(None)))}

    def states_of_holder(self, holder_id: str) -> list[Any]:
        """(enrolment_id, curriculum_version, code, placement_id, state, submitted_at) of
        every record of an agreement holder's trainees."""
        s = t.sign_offs
        return list(self.session.execute(select(
            s.c.enrolment_id, s.c.curriculum_version, s.c.code, s.c.placement_id, s.c.state,
            s.c.submitted_at).where(s.c.agreement_holder_id == holder_id)))

    def delegation(self, delegation_id: str) -> Delegation | None:
        return self.session.get(Delegation, delegation_id)

    def delegations_to(self, person_id: str) -> list[Delegation]:
        """The person's delegations not ended, for reading (snapshots: ``delegation`` is
        the one to change)."""
        d = t.delegations
        return [snapshot(Delegation, row, events=[], audit=[])
                for row in self.session.connection().execute(select(d).where(
                    d.c.delegate_id == person_id, d.c.ended_at.is_(None))).mappings()]

    def delegations_of(self, leader_id: str) -> list[Delegation]:
        d = t.delegations
        return list(self.session.scalars(select(Delegation).where(
            d.c.leader_id == leader_id).order_by(d.c.valid_from.desc())))

    def leads_in(self, person_id: str, organisation_id: str) -> bool:
        """Whether the person is a LIS1 leader (an active relationship) in the organisation."""
        r = metadata.tables["relationships"]
        return self.session.execute(select(r.c.relationship_id).where(
            r.c.person_id == person_id, r.c.role == "leader",
            r.c.organisation_id == organisation_id, r.c.ended.is_(False))).first() is not None

    def _trainees_of(self, person_id: str) -> Any:
        """The trainees a person has a relationship with or is personal tutor of (one round
        trip, not three)."""
        r, p = metadata.tables["relationships"], metadata.tables["placements"]
        related = select(r.c.trainee_id).where(r.c.person_id == person_id,
                                               r.c.ended.is_(False))
        tutored = select(p.c.trainee_id).where(p.c.tutor_id == person_id,
                                               p.c.cancelled_at.is_(None))
        delegated = select(r.c.trainee_id).join(
            t.delegations, t.delegations.c.leader_id == r.c.person_id).where(
            t.delegations.c.delegate_id == person_id, t.delegations.c.ended_at.is_(None),
            r.c.role == "leader", r.c.ended.is_(False))
        return union(related, tutored, delegated)

    def completion(self, enrolment_id: str) -> ProgrammeCompletion | None:
        return self.session.get(ProgrammeCompletion, enrolment_id)

    def completion_by_credential(self, credential_id: str) -> ProgrammeCompletion | None:
        c = t.programme_completions
        return self.session.scalars(select(ProgrammeCompletion).where(
            c.c.credential_id == credential_id)).first()

    def identifier(self, person_id: str) -> dict[str, Any] | None:
        row = self.session.execute(select(t.trainee_identifiers).where(
            t.trainee_identifiers.c.person_id == person_id)).mappings().first()
        return dict(row) if row else None

    def save_identifier(self, person_id: str, **values: Any) -> None:
        table = t.trainee_identifiers
        if self.identifier(person_id) is None:
            self.session.execute(table.insert().values(person_id=person_id, **values))
        else:
            self.session.execute(table.update().where(table.c.person_id == person_id)
                                 .values(**values))


class CredentialKeyRepository:
    """Every key that ever signed a credential, published for as long as it exists."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> list[dict[str, Any]]:
        k = t.credential_keys
        return [dict(row) for row in self.session.execute(
            select(k).order_by(k.c.first_used_at)).mappings()]

    def record_use(self, kid: str, public_jwk: dict[str, Any], at: datetime) -> None:
        k = t.credential_keys
        found = self.session.execute(select(k.c.kid).where(k.c.kid == kid)).first()
        if found is None:
            self.session.execute(k.insert().values(kid=kid, public_jwk=public_jwk,
                                                   first_used_at=at, last_used_at=at))
        else:
            self.session.execute(k.update().where(k.c.kid == kid).values(last_used_at=at))
