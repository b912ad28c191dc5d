"""Confirming, rejecting, withdrawing, erasing and downloading through the service; who may."""
import json
from datetime import date, timedelta

import document_samples as samples
import requests
from documents_world import ADMIN, OTHER_TRAINEE, REGION, STRANGER, TRAINEE, TUTOR, VEJLEDER
from sqlalchemy import text


def uploaded(world, content=None, **params):
    world.kbu_trainee_with_tutor()
    return world.uploaded(content or samples.scanned_pdf(), **params)


class TestConfirming:
    def test_the_tutor_confirms_and_the_event_and_audit_entry_follow(self, world):
        document = uploaded(world)
        response = world.post(f"/documents/{document['id']}/confirm", TUTOR)
        assert response.status_code == 200, response.text
        assert (response.json()["state"], response.json()["decided_by"]) == ("confirmed", TUTOR)
        assert world.outbox_types()[-1] == "portal.documents.document.confirmed.v1"
        [(action, actor, subject)] = world.sql(
            "SELECT action, actor, subject_id FROM audit_log")
        assert (action, actor, subject) == ("document.confirmed", TUTOR, document["id"])

    def test_the_documents_history_says_who_decided_when_and_why(self, world):
        document = uploaded(world)
        world.post(f"/documents/{document['id']}/reject", TUTOR, {"reason": "Wrong course"})
        history = world.get(f"/documents/{document['id']}/history", world.as_(TRAINEE)).json()
        assert [(h["action"], h["actor"], h["reason"]) for h in history] == [
            ("document.rejected", TUTOR, "Wrong course")]
        assert world.get(f"/documents/{document['id']}/history",
                         world.as_(STRANGER)).status_code == 404

    def test_confirming_ones_own_upload_is_refused(self, world):
        document = uploaded(world)
        response = world.post(f"/documents/{document['id']}/confirm", TRAINEE)
        assert (response.status_code, response.json()["code"]) == (403, "own_upload")
        assert world.sql("SELECT state FROM documents")[0][0] == "awaiting_confirmation"

    def test_a_vejleder_sees_it_but_may_not_confirm_paper_evidence(self, world):
        document = uploaded(world)
        world.grant(VEJLEDER, role="vejleder")
        assert world.get(f"/documents/{document['id']}", world.as_(VEJLEDER)).status_code == 200
        response = world.post(f"/documents/{document['id']}/confirm", VEJLEDER)
        assert (response.status_code, response.json()["code"]) == (403,
                                                                   "not_entitled_to_confirm")

    def test_a_tutor_logged_in_below_the_assurance_signing_demands_neither_confirms_nor_rejects(
            self, world):
        document = uploaded(world)  # a Danish KBU trainee: Denmark demands substantial
        for assurance in (None, "low"):
            headers = world.as_(TUTOR, assurance=assurance)
            confirmed = requests.post(f"{world.api}/documents/{document['id']}/confirm",
                                      headers=headers, timeout=30)
            rejected = requests.post(f"{world.api}/documents/{document['id']}/reject",
                                     headers=headers, json={"reason": "x"}, timeout=30)
            assert [(a.status_code, a.json()["code"]) for a in (confirmed, rejected)] == [
                (403, "assurance_too_low")] * 2
        assert world.sql("SELECT state FROM documents")[0][0] == "awaiting_confirmation"
        substantial = requests.post(f"{world.api}/documents/{document['id']}/confirm",
                                    headers=world.as_(TUTOR, assurance="substantial"),
                                    timeout=30)
        assert substantial.status_code == 200, substantial.text

    def test_once_the_regions_agreement_has_ended_the_tutor_neither_sees_nor_confirms(
            self, world):
        document = uploaded(world)
        with world.engine.begin() as connection:  # as identity's dpa.terminated leaves it
            connection.execute(text("UPDATE organisation_agreements SET in_force = false"))
        seen = world.get(f"/documents/{document['id']}", world.as_(TUTOR))
        confirmed = world.post(f"/documents/{document['id']}/confirm", TUTOR)
        listed = world.get(f"/trainees/{TRAINEE}/documents", world.as_(TUTOR))
        assert [(a.status_code, a.json()["code"]) for a in (seen, confirmed, listed)] == [
            (404, "document_not_found"), (404, "document_not_found"),
            (403, "not_your_trainee")]
        assert world.get("/me/awaiting-confirmation", world.as_(TUTOR)).json() == []
        assert world.get(f"/documents/{document['id']}", world.as_(TRAINEE)).status_code == 200
        assert world.sql("SELECT state FROM documents")[0][0] == "awaiting_confirmation"

    def test_a_tutor_outside_the_window_neither_sees_nor_confirms(self, world):
        world.agreement()
        world.trainee()
        world.grant(valid_from=date(2000, 1, 1), valid_to=date.today() - timedelta(days=2))
        document = world.uploaded(samples.pdf())
        response = world.post(f"/documents/{document['id']}/confirm", TUTOR)
        assert (response.status_code, response.json()["code"]) == (404, "document_not_found")

    def test_a_confirmed_document_is_immutable(self, world):
        document = uploaded(world)
        world.post(f"/documents/{document['id']}/confirm", TUTOR)
        again = world.post(f"/documents/{document['id']}/reject", TUTOR, {"reason": "oops"})
        withdrawn = world.post(f"/documents/{document['id']}/withdraw", TRAINEE)
        assert [again.status_code, withdrawn.status_code] == [409, 409]
        assert {again.json()["code"], withdrawn.json()["code"]} == {"document_confirmed"}

    def test_a_rejection_needs_a_reason_and_the_trainee_reads_it(self, world):
        document = uploaded(world)
        empty = world.post(f"/documents/{document['id']}/reject", TUTOR, {"reason": ""})
        assert empty.status_code == 422
        world.post(f"/documents/{document['id']}/reject", TUTOR, {"reason": "Ulæselig scanning"})
        mine = world.get("/me/documents", world.as_(TRAINEE)).json()
        assert (mine[0]["state"], mine[0]["rejection_reason"]) == ("rejected",
                                                                  "Ulæselig scanning")

    def test_the_tutor_sees_what_awaits_them_across_their_trainees(self, world):
        world.agreement()
        world.trainee()
        world.trainee(OTHER_TRAINEE)
        world.grant()
        world.grant(trainee=OTHER_TRAINEE)
        first = world.uploaded(samples.pdf())
        second = world.uploaded(samples.png(), person=OTHER_TRAINEE)
        world.post(f"/documents/{first['id']}/confirm", TUTOR)
        awaiting = world.get("/me/awaiting-confirmation", world.as_(TUTOR)).json()
        assert [d["id"] for d in awaiting] == [second["id"]]
        assert world.get("/me/awaiting-confirmation", world.as_(STRANGER)).json() == []


class TestWithdrawing:
    def test_the_trainee_withdraws_and_the_bytes_go(self, world):
        document = uploaded(world)
        response = world.post(f"/documents/{document['id']}/withdraw", TRAINEE)
        assert response.json()["state"] == "withdrawn" and world.stored_keys() == []
        gone = world.get(f"/documents/{document['id']}/content", world.as_(TRAINEE))
        assert (gone.status_code, gone.json()["code"]) == (409, "document_gone")

    def test_only_the_trainee_withdraws(self, world):
        document = uploaded(world)
        response = world.post(f"/documents/{document['id']}/withdraw", TUTOR)
        assert (response.status_code, response.json()["code"]) == (403, "not_your_document")


class TestDownloading:
    def test_a_download_streams_the_exact_bytes_as_an_attachment(self, world):
        content = samples.padded_pdf(400_000)
        document = uploaded(world, content, filename="Kursusbevis – Ærø \"1\".pdf")
        response = requests.get(f"{world.api}/documents/{document['id']}/content",
                                headers=world.as_(TUTOR), stream=True, timeout=30)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Length"] == str(len(content))
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith('attachment; filename="Kursusbevis  r _1_.pdf"')
        assert disposition.endswith("filename*=UTF-8''Kursusbevis%20%E2%80%93%20%C3%86r%C3%B8"
                                    "%20_1_.pdf")
        assert b"".join(response.iter_content(65536)) == content

    def test_another_trainees_file_cannot_be_downloaded(self, world):
        document = uploaded(world)
        world.trainee(OTHER_TRAINEE)
        for person in (OTHER_TRAINEE, STRANGER):
            response = world.get(f"/documents/{document['id']}/content", world.as_(person))
            assert (response.status_code, response.json()["code"]) == (404, "document_not_found")
        assert world.get(f"/trainees/{TRAINEE}/documents",
                         world.as_(OTHER_TRAINEE)).status_code == 403

    def test_an_unknown_id_is_answered_like_anothers(self, world):
        uploaded(world)
        response = world.get("/documents/00000000-0000-4000-8000-000000000000/content",
                             world.as_(TRAINEE))
        assert (response.status_code, response.json()["code"]) == (404, "document_not_found")

    def test_an_administrator_of_the_trainees_region_lists_and_downloads(self, world):
        document = uploaded(world)
        admin = world.as_(ADMIN, (REGION, "region_admin"))
        assert [d["id"] for d in world.get(f"/trainees/{TRAINEE}/documents", admin).json()] \
            == [document["id"]]
        assert world.get(f"/documents/{document['id']}/content", admin).status_code == 200
        elsewhere = world.as_(ADMIN, ("another-region", "region_admin"))
        assert world.get(f"/documents/{document['id']}/content", elsewhere).status_code == 404


class TestErasing:
    def test_an_administrator_erases_on_a_lawful_request_and_the_audit_says_what(self, world):
        document = uploaded(world)
        world.post(f"/documents/{document['id']}/confirm", TUTOR)
        response = requests.post(
            f"{world.api}/documents/{document['id']}/erase", timeout=30,
            headers=world.as_(ADMIN, (REGION, "region_admin")),
            json={"reason": "The trainee's request under GDPR art. 17",
                  "request_reference": "RH-2026-0042"})
        assert response.status_code == 200, response.text
        assert (response.json()["state"], response.json()["filename"]) == ("erased", None)
        assert world.stored_keys() == []
        [(actor, reason, detail)] = world.sql(
            "SELECT actor, reason, detail FROM audit_log WHERE action = 'document.erased'")
        assert (actor, reason) == (ADMIN, "The trainee's request under GDPR art. 17")
        recorded = json.loads(detail)
        assert recorded["request_reference"] == "RH-2026-0042"
        assert recorded["sha256"] == document["sha256"] and recorded["kind"] == "course_certificate"
        assert world.outbox_types()[-1] == "portal.documents.document.erased.v1"

    def test_the_trainee_or_the_tutor_cannot_erase(self, world):
        document = uploaded(world)
        for person in (TRAINEE, TUTOR):
            response = world.post(f"/documents/{document['id']}/erase", person,
                                  {"reason": "x", "request_reference": "y"})
            assert (response.status_code, response.json()["code"]) == (403,
                                                                       "administrator_required")
