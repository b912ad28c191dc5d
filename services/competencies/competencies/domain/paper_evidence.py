"""Paper evidence: the scanned documents a trainee uploaded to documents, as competencies
keeps them (documents' ``document.*`` events), and how they count.

Documents owns the confirmation (the tutor confirms a scan is correct); competencies shows a
confirmed document beside the item or attestation it is linked to and, where the curriculum
asks for confirmed paper documents (an attestation of kind ``document_confirmation``: the
old general-practice curriculum, anæstesiologi), counts it toward completion:

- the ``document_confirmation`` attestation itself is given when the enrolment has at least
  one confirmed document and none awaiting confirmation;
- an item or attestation with documents linked to it (awaiting, confirmed or rejected) is
  complete only when it is approved *and* at least one linked document is confirmed and none
  awaits; one with no linked document needs its approval only. A withdrawn or erased
  document neither counts nor holds anything back; a rejected one does not count.

Events may arrive late or twice: a document's state only moves forward.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

AWAITING, CONFIRMED, REJECTED, WITHDRAWN, ERASED = (
    "awaiting_confirmation", "confirmed", "rejected", "withdrawn", "erased")
RANK = {AWAITING: 0, CONFIRMED: 1, REJECTED: 1, WITHDRAWN: 2, ERASED: 3}
LIVE = (AWAITING, CONFIRMED, REJECTED)
DOCUMENT_CONFIRMATION = "document_confirmation"


class Unit(Protocol):
    code: str
    kind: str


@dataclass(eq=False)
class EvidenceDocument:
    document_id: str
    enrolment_id: str
    trainee_id: str
    state: str
    changed_at: datetime
    kind: str | None = None
    curriculum_item: str | None = None
    attestation: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None

    @classmethod
    def heard(cls, document_id: str, enrolment_id: str, trainee_id: str,
              at: datetime) -> EvidenceDocument:
        """First heard of (by whichever of its events came first)."""
        return cls(document_id, enrolment_id, trainee_id, AWAITING, at)

    def learn(self, kind: str | None, curriculum_item: str | None,
              attestation: str | None) -> None:
        """What an event tells of the document; what it does not carry stays as it was."""
        self.kind = kind or self.kind
        self.curriculum_item = curriculum_item or self.curriculum_item
        self.attestation = attestation or self.attestation

    def move(self, state: str, at: datetime, by: str | None = None) -> None:
        """Forward only: a decision never replaces another, nothing comes back after it ends."""
        if RANK[state] <= RANK[self.state]:
            return
        self.state, self.changed_at = state, at
        if state in (CONFIRMED, REJECTED):
            self.decided_by, self.decided_at = by, at

    def supports(self, code: str) -> bool:
        return code in (self.curriculum_item, self.attestation)


class PaperEvidence:
    """An enrolment's documents; ``required`` when its curriculum asks for confirmed paper."""

    def __init__(self, documents: Iterable[EvidenceDocument], required: bool) -> None:
        self.documents = [d for d in documents if d.state in LIVE]
        self.required = required

    def confirmed_for(self, code: str) -> list[EvidenceDocument]:
        return [d for d in self.documents if d.state == CONFIRMED and d.supports(code)]

    def confirmed(self) -> list[EvidenceDocument]:
        return [d for d in self.documents if d.state == CONFIRMED]

    def _of(self, unit: Unit) -> list[EvidenceDocument]:
        if unit.kind == DOCUMENT_CONFIRMATION:
            return self.documents
        return [d for d in self.documents if d.supports(unit.code)]

    def state_of(self, unit: Unit) -> str | None:
        """``None`` where no paper is asked for, else awaiting_confirmation, confirmed,
        rejected or (the document confirmation without any document) missing."""
        if not self.required:
            return None
        states = {d.state for d in self._of(unit)}
        for state in (AWAITING, CONFIRMED, REJECTED):
            if state in states:
                return state
        return "missing" if unit.kind == DOCUMENT_CONFIRMATION else None

    def satisfies(self, unit: Unit, approved: bool) -> bool:
        """Whether the unit counts as complete, given whether its sign-off is approved."""
        if unit.kind != DOCUMENT_CONFIRMATION and not approved:
            return False
        if not self.required:
            return True
        linked = self._of(unit)
        if not linked:
            return unit.kind != DOCUMENT_CONFIRMATION
        states = {d.state for d in linked}
        return CONFIRMED in states and AWAITING not in states


NO_PAPER = PaperEvidence([], required=False)
