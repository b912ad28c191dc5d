"""A scanned document: uploaded by the trainee, confirmed or rejected by another, kept or erased."""
from datetime import timedelta

import pytest
from document_world import AT, TRAINEE, TUTOR, document

from documents.domain import events
from documents.domain import exceptions as e
from documents.domain.model import DocumentState, ErasureGrounds

LATER = AT + timedelta(days=1)


class TestUploading:
    def test_an_upload_awaits_confirmation_and_announces_who_may_confirm_it(self):
        uploaded = document()
        assert uploaded.state is DocumentState.AWAITING_CONFIRMATION
        [event] = uploaded.events
        assert isinstance(event, events.DocumentUploaded)
        assert (event.trainee_id, event.confirmers, event.curriculum_item) == (
            TRAINEE, [TUTOR], "KBU-1")
        assert event.organisation_id == "org-hovedstaden" and event.sha256 == "f" * 64


class TestConfirming:
    def test_the_tutor_confirms_and_it_is_recorded_with_an_audit_entry(self):
        found = document()
        found.confirm(TUTOR, LATER)
        assert (found.state, found.decided_by, found.decided_at) == (
            DocumentState.CONFIRMED, TUTOR, LATER)
        assert isinstance(found.events[-1], events.DocumentConfirmed)
        [entry] = found.audit
        assert (entry.action, entry.actor, entry.from_state, entry.to_state) == (
            "document.confirmed", TUTOR, "awaiting_confirmation", "confirmed")

    def test_nobody_confirms_their_own_upload(self):
        with pytest.raises(e.OwnUpload):
            document().confirm(TRAINEE, LATER)

    def test_nobody_rejects_their_own_upload(self):
        with pytest.raises(e.OwnUpload):
            document().reject(TRAINEE, "wrong", LATER)

    def test_a_confirmed_document_is_immutable(self):
        found = document()
        found.confirm(TUTOR, LATER)
        for change in (lambda: found.confirm(TUTOR, LATER),
                       lambda: found.reject(TUTOR, "second thoughts", LATER),
                       lambda: found.withdraw(TRAINEE, LATER)):
            with pytest.raises(e.DocumentImmutable):
                change()
        assert found.state is DocumentState.CONFIRMED

    def test_a_rejection_keeps_its_reason_and_cannot_be_decided_again(self):
        found = document()
        found.reject(TUTOR, "The scan is unreadable.", LATER)
        assert (found.state, found.rejection_reason) == (DocumentState.REJECTED,
                                                         "The scan is unreadable.")
        assert found.events[-1].reason == "The scan is unreadable."
        with pytest.raises(e.AlreadyDecided):
            found.confirm(TUTOR, LATER)


class TestWithdrawing:
    def test_the_trainee_withdraws_an_unconfirmed_document_and_its_bytes_go(self):
        found = document()
        key = found.withdraw(TRAINEE, LATER)
        assert key == "a" * 32 and found.storage_key is None
        assert found.state is DocumentState.WITHDRAWN
        assert isinstance(found.events[-1], events.DocumentWithdrawn)

    def test_a_rejected_document_can_be_withdrawn_too(self):
        found = document()
        found.reject(TUTOR, "Wrong course.", LATER)
        found.withdraw(TRAINEE, LATER)
        assert found.state is DocumentState.WITHDRAWN

    def test_only_the_trainee_withdraws(self):
        with pytest.raises(e.NotYourDocument):
            document().withdraw(TUTOR, LATER)

    def test_a_withdrawn_document_can_no_longer_be_decided(self):
        found = document()
        found.withdraw(TRAINEE, LATER)
        with pytest.raises(e.DocumentGone):
            found.confirm(TUTOR, LATER)


class TestErasing:
    def test_erasure_drops_bytes_name_and_description_and_audits_what_went(self):
        found = document()
        found.confirm(TUTOR, LATER)
        key = found.erase("p-admin", ErasureGrounds.LAWFUL_REQUEST, "Art. 17 request", LATER,
                          reference="REQ-2026-17")
        assert key == "a" * 32
        assert (found.state, found.storage_key, found.filename, found.description) == (
            DocumentState.ERASED, None, None, "")
        entry = found.audit[-1]
        assert (entry.action, entry.actor, entry.reason, entry.from_state) == (
            "document.erased", "p-admin", "Art. 17 request", "confirmed")
        assert entry.detail["sha256"] == "f" * 64 and entry.detail["size"] == 1234
        assert entry.detail["request_reference"] == "REQ-2026-17"
        assert "kursusbevis" not in str(entry.detail)
        assert found.events[-1].grounds == "lawful_request"

    def test_a_document_is_erased_once(self):
        found = document()
        found.erase("p-admin", ErasureGrounds.LAWFUL_REQUEST, "request", LATER)
        with pytest.raises(e.DocumentGone):
            found.erase("p-admin", ErasureGrounds.LAWFUL_REQUEST, "again", LATER)
