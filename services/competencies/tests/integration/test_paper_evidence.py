"""Documents' events in competencies, on PostgreSQL and SQLite: a confirmed paper document
is shown beside the item or attestation it supports and, in the old general-practice
curriculum (which asks for confirmed paper documents), counts toward completion."""
import uuid
from datetime import timedelta

import pytest
from programme_world import HOVEDSTADEN, METTE, PRACTICE, PRACTICE_2, SOREN, TODAY, event, now
from signoff_world import act, attestation_path, group_items, item_path, progress, submit

from portal_contracts import documents
from portal_contracts import signoff as contract
from portal_kit.testing import wait_for

SHA = "ab" * 32


def document_event(world, enrolment, event_type, document_id, **data):
    base = {"document_id": document_id, "trainee_id": enrolment["trainee_id"],
            "enrolment_id": enrolment["enrolment_id"], "organisation_id": HOVEDSTADEN}
    world.publish("documents.events", event(event_type, dict(base, **data),
                                            "/portal/documents"))


def uploaded(world, enrolment, document_id, item=None, attestation=None):
    document_event(world, enrolment, documents.DOCUMENT_UPLOADED, document_id,
                   kind="course_certificate", media_type="application/pdf", size=1000,
                   sha256=SHA, curriculum_item=item, attestation=attestation,
                   confirmers=[SOREN], uploaded_at=now())


def confirmed(world, enrolment, document_id, item=None, attestation=None):
    document_event(world, enrolment, documents.DOCUMENT_CONFIRMED, document_id,
                   kind="course_certificate", sha256=SHA, curriculum_item=item,
                   attestation=attestation, confirmed_by=SOREN, confirmed_at=now())


def state_of(world, document_id, state):
    wait_for(lambda: world.rows("SELECT 1 FROM evidence_documents WHERE document_id = :d "
                                "AND state = :s", d=document_id, s=state))


def item(world, enrolment, code):
    answer = act(world, METTE, "GET", item_path(enrolment, code))
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture
def kbu(world):
    enrolment = world.enrol(METTE, "kbu", HOVEDSTADEN).json()
    world.place(enrolment, "kbu-1", TODAY - timedelta(days=30), TODAY + timedelta(days=150))
    return world, enrolment


@pytest.fixture
def old_curriculum(world):
    enrolment = world.enrol(METTE, "almen-medicin-old", HOVEDSTADEN, curriculum_version="2004").json()
    placed = world.place(enrolment, "fase-1", TODAY - timedelta(days=30),
                         TODAY + timedelta(days=20))
    assert placed.status_code == 201, placed.text
    return world, enrolment


class TestShownBesideWhatItSupports:
    def test_a_confirmed_document_appears_beside_its_item_and_an_awaiting_one_does_not(
            self, kbu):
        world, enrolment = kbu
        uploaded(world, enrolment, "doc-1", item="KBU-01")
        state_of(world, "doc-1", "awaiting_confirmation")
        assert item(world, enrolment, "KBU-01")["documents"] == []
        confirmed(world, enrolment, "doc-1", item="KBU-01")
        state_of(world, "doc-1", "confirmed")
        [shown] = item(world, enrolment, "KBU-01")["documents"]
        assert (shown["document_id"], shown["confirmed_by"], shown["content_url"]) == (
            "doc-1", SOREN, "/api/documents/v1/documents/doc-1/content")
        items = {i["code"]: i for g in progress(world, enrolment, METTE)["groups"]
                 for i in g["items"]}
        assert [d["document_id"] for d in items["KBU-01"]["documents"]] == ["doc-1"]
        assert items["KBU-02"]["documents"] == []

    def test_beside_an_attestation_too(self, kbu):
        world, enrolment = kbu
        confirmed(world, enrolment, "doc-2", attestation="tid-kbu-1")
        state_of(world, "doc-2", "confirmed")
        shown = {a["code"]: a for a in progress(world, enrolment, METTE)["attestations"]}
        assert [d["document_id"] for d in shown["tid-kbu-1"]["documents"]] == ["doc-2"]

    def test_where_paper_is_not_asked_for_it_neither_counts_nor_holds_back(self, kbu):
        world, enrolment = kbu
        uploaded(world, enrolment, "doc-3", item="KBU-01")
        state_of(world, "doc-3", "awaiting_confirmation")
        assert item(world, enrolment, "KBU-01")["paper_evidence"] is None
        assert "papirdokumenter" not in {m["code"] for m in progress(
            world, enrolment, METTE)["missing"]}

    def test_an_erased_document_is_no_longer_shown(self, kbu):
        world, enrolment = kbu
        confirmed(world, enrolment, "doc-4", item="KBU-01")
        document_event(world, enrolment, documents.DOCUMENT_ERASED, "doc-4",
                       grounds="lawful_request", erased_by="admin", erased_at=now())
        state_of(world, "doc-4", "erased")
        assert item(world, enrolment, "KBU-01")["documents"] == []


class TestIdempotentAndInAnyOrder:
    def test_the_same_event_twice_is_applied_once(self, kbu):
        world, enrolment = kbu
        message = event(documents.DOCUMENT_CONFIRMED, {
            "document_id": "doc-5", "trainee_id": METTE,
            "enrolment_id": enrolment["enrolment_id"], "organisation_id": HOVEDSTADEN,
            "kind": "other", "sha256": SHA, "curriculum_item": "KBU-01", "attestation": None,
            "confirmed_by": SOREN, "confirmed_at": now()}, "/portal/documents")
        world.publish("documents.events", message)
        world.publish("documents.events", message)
        state_of(world, "doc-5", "confirmed")
        wait_for(lambda: len(world.rows(
            "SELECT 1 FROM inbox WHERE event_id = :e", e=message["id"])) == 1)
        assert len(item(world, enrolment, "KBU-01")["documents"]) == 1

    def test_an_upload_heard_after_its_confirmation_does_not_move_it_back(self, kbu):
        world, enrolment = kbu
        confirmed(world, enrolment, "doc-6", item="KBU-01")
        state_of(world, "doc-6", "confirmed")
        uploaded(world, enrolment, "doc-6", item="KBU-01")
        wait_for(lambda: len(world.rows("SELECT 1 FROM inbox WHERE event_type = :t",
                                        t=documents.DOCUMENT_UPLOADED)) == 1)
        assert world.rows("SELECT state FROM evidence_documents WHERE document_id = 'doc-6'"
                          ) == [("confirmed",)]


class TestWherePaperMustBeConfirmed:
    def test_the_confirmation_of_paper_documents_is_missing_until_one_is_confirmed(
            self, old_curriculum):
        world, enrolment = old_curriculum
        shown = progress(world, enrolment, METTE)
        assert "papirdokumenter" in {m["code"] for m in shown["missing"]}
        paper = {a["code"]: a for a in shown["attestations"]}["papirdokumenter"]
        assert paper["paper_evidence"] == "missing"
        uploaded(world, enrolment, "doc-7")
        state_of(world, "doc-7", "awaiting_confirmation")
        assert item(world, enrolment, "papirdokumenter")["paper_evidence"] == (
            "awaiting_confirmation")
        confirmed(world, enrolment, "doc-7")
        state_of(world, "doc-7", "confirmed")
        after = progress(world, enrolment, METTE)
        assert "papirdokumenter" not in {m["code"] for m in after["missing"]}
        assert after["approved"] == shown["approved"] + 1

    def test_an_approved_item_waits_for_its_linked_document_to_be_confirmed(
            self, old_curriculum):
        world, enrolment = old_curriculum
        record = submit(world, enrolment, METTE, "F1-01")
        answer = act(world, SOREN, "POST", item_path(enrolment, "F1-01", "approve"),
                     assurance="substantial", json={"version": record["version"]})
        assert answer.status_code == 200, answer.text
        uploaded(world, enrolment, "doc-8", item="F1-01")
        state_of(world, "doc-8", "awaiting_confirmation")
        shown = item(world, enrolment, "F1-01")
        assert (shown["state"], shown["paper_evidence"]) == ("approved",
                                                             "awaiting_confirmation")
        assert "F1-01" in {m["code"] for m in progress(world, enrolment, METTE)["missing"]}
        confirmed(world, enrolment, "doc-8", item="F1-01")
        state_of(world, "doc-8", "confirmed")
        assert "F1-01" not in {m["code"] for m in progress(world, enrolment, METTE)["missing"]}


PHASES = (("fase-1", -30, 20, PRACTICE), ("sygehus", 21, 60, PRACTICE_2),
          ("fase-2", 61, 100, PRACTICE), ("fase-3", 101, 140, PRACTICE))


def sign_phase(world, enrolment, phase, placement):
    codes = group_items(world, enrolment, METTE, phase)
    for code in codes:
        submit(world, enrolment, METTE, code)
    approved = act(world, SOREN, "POST", f"/enrolments/{enrolment['enrolment_id']}/approvals",
                   assurance="substantial",
                   json={"items": [{"code": c, "version": 1} for c in codes]})
    assert approved.status_code == 200, approved.text
    attested = act(world, SOREN, "POST", attestation_path(enrolment, f"tid-{phase}"),
                   assurance="substantial", json={"placement_id": placement["placement_id"]})
    assert attested.status_code == 200, attested.text


def test_the_last_confirmation_of_paper_completes_the_old_curriculum(pg_world):
    world = pg_world
    enrolment = world.enrol(METTE, "almen-medicin-old", HOVEDSTADEN, curriculum_version="2004").json()
    placed = {}
    for element, starts, ends, place in PHASES:
        answer = world.place(enrolment, element, TODAY + timedelta(days=starts),
                             TODAY + timedelta(days=ends), place=place)
        assert answer.status_code == 201, answer.text
        placed[element] = answer.json()
    uploaded(world, enrolment, "doc-9", attestation="papirdokumenter")
    for phase, shift in (("fase-1", 0), ("fase-2", 80), ("fase-3", 130)):
        world.shift_clock(timedelta(days=shift))
        sign_phase(world, enrolment, phase, placed[phase])
    shown = progress(world, enrolment, METTE)
    assert [m["code"] for m in shown["missing"]] == ["papirdokumenter"]
    assert shown["completed_at"] is None
    document_id = str(uuid.uuid4())
    confirmed(world, enrolment, document_id)
    state_of(world, document_id, "confirmed")
    assert progress(world, enrolment, METTE)["completed_at"] is None  # doc-9 still awaits
    rejected = {"kind": "course_certificate", "reason": "Ulæselig",
                "rejected_by": SOREN, "rejected_at": now()}
    document_event(world, enrolment, documents.DOCUMENT_REJECTED, "doc-9", **rejected)
    [record] = world.published(contract.PROGRAMME_COMPLETED)
    assert record["enrolment_id"] == enrolment["enrolment_id"]
    assert progress(world, enrolment, METTE)["completed_at"] is not None
