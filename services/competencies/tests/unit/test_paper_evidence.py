"""Paper evidence as competencies keeps it (documents' events) and how it counts toward
completion where the curriculum asks for confirmed paper documents."""
from datetime import UTC, datetime, timedelta

from competencies.domain.completion import Requirement, missing
from competencies.domain.paper_evidence import (
    AWAITING,
    CONFIRMED,
    ERASED,
    REJECTED,
    WITHDRAWN,
    EvidenceDocument,
    PaperEvidence,
)
from competencies.domain.signoff import Actor, EnrolmentRef, SignOff

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
ENROLMENT = EnrolmentRef("enr-1", "mette", "hovedstaden", "almen-medicin-old", "2004")
PAPER = Requirement("papirdokumenter", "document_confirmation")
ITEM = Requirement("F1-01", "competency")
TIME = Requirement("tid-fase-1", "time_attestation", "p1")


def document(document_id="d1", item=None, attestation=None, state=AWAITING):
    found = EvidenceDocument.heard(document_id, "enr-1", "mette", NOW)
    found.learn(kind="course_certificate", curriculum_item=item, attestation=attestation)
    found.move(state, NOW, "soren" if state in (CONFIRMED, REJECTED) else None)
    return found


def approved(code="F1-01", kind="competency", placement_id=None):
    record = SignOff.start(f"so-{code}", ENROLMENT, code, kind, placement_id)
    if kind == "competency":
        record.submit("mette", "soren", NOW)
        record.approve(Actor("soren", "tutor"), NOW)
    else:
        record.attest(Actor("soren", "tutor"), NOW)
    return [record]


class TestTheDocumentsState:
    def test_it_only_moves_forward_whatever_order_the_events_arrive_in(self):
        found = document(state=CONFIRMED)
        found.move(AWAITING, NOW + timedelta(seconds=1))
        assert found.state == CONFIRMED

    def test_a_decision_is_not_replaced_by_another_decision(self):
        found = document(state=REJECTED)
        found.move(CONFIRMED, NOW, "someone")
        assert found.state == REJECTED

    def test_a_withdrawal_or_erasure_ends_it(self):
        found = document(state=REJECTED)
        found.move(WITHDRAWN, NOW)
        found.move(ERASED, NOW)
        assert found.state == ERASED

    def test_a_later_event_does_not_blank_a_link_it_does_not_carry(self):
        found = document(item="F1-01", state=CONFIRMED)
        found.learn(kind=None, curriculum_item=None, attestation=None)
        assert (found.kind, found.curriculum_item) == ("course_certificate", "F1-01")


class TestWhereThePaperDocumentsMustBeConfirmed:
    def test_the_confirmation_needs_a_confirmed_document(self):
        evidence = PaperEvidence([], required=True)
        assert missing([PAPER], [], evidence) == [PAPER]
        evidence = PaperEvidence([document(state=CONFIRMED)], required=True)
        assert missing([PAPER], [], evidence) == []

    def test_a_document_still_awaiting_keeps_it_open(self):
        evidence = PaperEvidence([document("d1", state=CONFIRMED), document("d2")],
                                 required=True)
        assert missing([PAPER], [], evidence) == [PAPER]

    def test_rejected_withdrawn_or_erased_documents_neither_count_nor_block(self):
        others = [document(f"d{n}", state=s) for n, s in enumerate((REJECTED, WITHDRAWN,
                                                                     ERASED))]
        assert missing([PAPER], [], PaperEvidence(others, required=True)) == [PAPER]
        evidence = PaperEvidence([*others, document("ok", state=CONFIRMED)], required=True)
        assert missing([PAPER], [], evidence) == []

    def test_an_approved_item_with_its_linked_document_awaiting_is_not_complete(self):
        evidence = PaperEvidence([document(item="F1-01")], required=True)
        assert missing([ITEM], approved(), evidence) == [ITEM]

    def test_it_is_complete_once_its_linked_document_is_confirmed(self):
        evidence = PaperEvidence([document(item="F1-01", state=CONFIRMED)], required=True)
        assert missing([ITEM], approved(), evidence) == []

    def test_an_item_whose_only_linked_document_was_rejected_is_not_complete(self):
        evidence = PaperEvidence([document(item="F1-01", state=REJECTED)], required=True)
        assert missing([ITEM], approved(), evidence) == [ITEM]

    def test_a_confirmed_document_does_not_stand_in_for_the_approval(self):
        evidence = PaperEvidence([document(item="F1-01", state=CONFIRMED)], required=True)
        assert missing([ITEM], [], evidence) == [ITEM]

    def test_an_item_without_linked_documents_needs_its_approval_only(self):
        evidence = PaperEvidence([document(item="F1-02")], required=True)
        assert missing([ITEM], approved(), evidence) == []

    def test_a_document_linked_to_an_attestation_counts_for_each_of_its_placements(self):
        evidence = PaperEvidence([document(attestation="tid-fase-1")], required=True)
        records = approved("tid-fase-1", "time_attestation", "p1")
        assert missing([TIME], records, evidence) == [TIME]
        evidence = PaperEvidence([document(attestation="tid-fase-1", state=CONFIRMED)],
                                 required=True)
        assert missing([TIME], records, evidence) == []


class TestWherePaperIsOnlyShown:
    def test_a_linked_document_awaiting_does_not_hold_the_item_back(self):
        evidence = PaperEvidence([document(item="F1-01")], required=False)
        assert missing([ITEM], approved(), evidence) == []

    def test_the_confirmed_documents_are_shown_beside_what_they_are_linked_to(self):
        evidence = PaperEvidence([document("d1", item="F1-01", state=CONFIRMED),
                                  document("d2", item="F1-01"),
                                  document("d3", attestation="tid-fase-1", state=CONFIRMED)],
                                 required=False)
        assert [d.document_id for d in evidence.confirmed_for("F1-01")] == ["d1"]
        assert [d.document_id for d in evidence.confirmed_for("tid-fase-1")] == ["d3"]
        assert evidence.state_of(ITEM) is None


class TestWhatTheReadModelSays:
    def test_the_state_of_the_paper_evidence_of_a_unit(self):
        evidence = PaperEvidence([document("d1", item="F1-01"),
                                  document("d2", item="F1-02", state=CONFIRMED)],
                                 required=True)
        assert evidence.state_of(ITEM) == "awaiting_confirmation"
        assert evidence.state_of(Requirement("F1-02", "competency")) == "confirmed"
        assert evidence.state_of(Requirement("F1-03", "competency")) is None
        assert evidence.state_of(PAPER) == "awaiting_confirmation"
        assert PaperEvidence([], required=True).state_of(PAPER) == "missing"
