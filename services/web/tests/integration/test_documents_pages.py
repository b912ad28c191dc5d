"""The documents pages against a fake documents API over real HTTP: the upload is passed
on in pieces as it arrives, documents' refusals are shown in words beside the file, the
tutor's queue, confirm and reject, downloads, and the file library."""
import io
from dataclasses import replace

import pytest
from fake_documents import LIMIT, FakeDocuments

from fake_identity import Person, Served
from web.app import create_app
from web_testing import Browser, settings_for, text

TRAINEE = Person("p-kari", name="Kari Nordmann", lang="en")
TUTOR = Person("p-soren", name="Søren Tutor", lang="en", memberships=[
    {"organisation_id": "practice-1", "role": "tutor"}])
ADMIN = Person("p-jens", lang="en", memberships=[{"organisation_id": "org-1", "role": "region_admin"}])
PDF = b"%PDF-1.7\n" + b"0" * (300 * 1024)


@pytest.fixture
def documents():
    fake = FakeDocuments()
    served = Served(fake.app)
    fake.url = served.url
    yield fake
    served.stop()


@pytest.fixture
def app(web_database, identity, documents):
    settings = settings_for(web_database, identity.url)
    return create_app(replace(settings, service_urls={**settings.service_urls,
                                                      "documents": documents.url}))


def logged_in(app, identity, person):
    browser = Browser(app)
    browser.login(identity, person)
    return browser


def upload(browser, content=PDF, filename="kursusbevis.pdf", csrf=True, **fields):
    browser.get("/documents/")
    data = {"kind": "course_certificate", "description": "Kursus i akut medicin", **fields}
    if csrf:
        data = {"csrf_token": browser.last_token, **data}
    data["file"] = (io.BytesIO(content), filename)
    return browser.client.post("/documents/upload", data=data, base_url="https://localhost",
                               content_type="multipart/form-data")


class TestUpload:
    def test_the_trainee_sees_the_form_with_its_limits_and_their_documents(
            self, app, identity, documents):
        documents.document(trainee_id="p-kari", state="rejected", rejection_reason="Unsigned")
        page = text(logged_in(app, identity, TRAINEE).get("/documents/"))
        assert "at most 20 MB" in page and 'type="file"' in page
        assert "Rejected" in page and "Reason: Unsigned" in page

    def test_the_file_is_passed_on_in_pieces_with_its_fields(self, app, identity, documents):
        response = upload(logged_in(app, identity, TRAINEE), curriculum_item="KBU-1")
        assert response.status_code == 303 and "done=uploaded" in response.headers["Location"]
        [sent] = documents.uploads
        assert sent["size"] == len(PDF) and len(sent["pieces"]) > 1
        assert sent["headers"].get("Transfer-Encoding") == "chunked"
        assert sent["params"] == {"kind": "course_certificate", "filename": "kursusbevis.pdf",
                                  "description": "Kursus i akut medicin",
                                  "curriculum_item": "KBU-1"}

    def test_an_upload_without_the_csrf_token_never_reaches_documents(
            self, app, identity, documents):
        response = upload(logged_in(app, identity, TRAINEE), csrf=False)
        assert response.status_code == 403 and documents.uploads == []

    @pytest.mark.parametrize("code, status, words", [
        ("file_too_large", 413, "The file is too large. It may be at most 20 MB."),
        ("unsupported_type", 415, "This file is not a PDF, JPEG or PNG."),
        ("empty_file", 422, "The file is empty."),
        ("pdf_encrypted", 422, "protected by a password"),
    ])
    def test_a_refused_file_is_explained_beside_the_file_field(
            self, app, identity, documents, code, status, words):
        documents.refuse_with = (status, code)
        response = upload(logged_in(app, identity, TRAINEE))
        page = text(response)
        assert response.status_code == 422 and words in page
        assert 'id="f-file-error"' in page and 'href="#f-file"' in page

    def test_no_file_chosen_is_said_before_anything_is_sent(self, app, identity, documents):
        response = upload(logged_in(app, identity, TRAINEE), filename="", content=b"")
        assert response.status_code == 422 and "Choose the file with your scan." in text(response)
        assert documents.uploads == []

    def test_a_closed_agreement_is_said_above_the_form(self, app, identity, documents):
        documents.refuse_with = (409, "dpa_not_active")
        page = text(upload(logged_in(app, identity, TRAINEE)))
        assert "data-processing agreement is not in force" in page

    def test_a_person_who_is_not_in_a_programme_is_told_so(self, app, identity, documents):
        documents.programmes = []
        page = text(logged_in(app, identity, TRAINEE).get("/documents/"))
        assert "once you are enrolled in a programme" in page and 'type="file"' not in page


class TestTutor:
    def test_the_queue_names_the_trainee_and_the_document(self, app, identity, documents):
        documents.document()
        page = text(logged_in(app, identity, TUTOR).get("/documents/to-confirm"))
        assert "Mette Hansen" in page and "Check Kursus i akut medicin" in page

    def test_the_tutor_confirms_and_returns_to_the_queue(self, app, identity, documents):
        found = documents.document()
        browser = logged_in(app, identity, TUTOR)
        assert "Confirm the document" in text(browser.get(f"/documents/{found['id']}"))
        response = browser.post(f"/documents/{found['id']}/confirm")
        assert response.status_code == 303 and "done=confirmed" in response.headers["Location"]
        assert documents.decisions == [(found["id"], "confirm", {})]

    def test_a_rejection_needs_a_reason_before_it_is_sent(self, app, identity, documents):
        found = documents.document()
        browser = logged_in(app, identity, TUTOR)
        browser.get(f"/documents/{found['id']}")
        response = browser.post(f"/documents/{found['id']}/reject", {"reason": ""})
        assert response.status_code == 422 and 'id="f-reason-error"' in text(response)
        browser.post(f"/documents/{found['id']}/reject", {"reason": "The stamp is missing"})
        assert documents.decisions == [(found["id"], "reject",
                                        {"reason": "The stamp is missing"})]

    def test_a_refused_decision_is_explained(self, app, identity, documents):
        found = documents.document()
        browser = logged_in(app, identity, TUTOR)
        browser.get(f"/documents/{found['id']}")
        documents.refuse_with = (403, "not_entitled_to_confirm")
        page = text(browser.post(f"/documents/{found['id']}/confirm"))
        assert "Only the trainee&#39;s tutor" in page

    def test_the_download_is_an_attachment_never_sniffed(self, app, identity, documents):
        found = documents.document()
        response = logged_in(app, identity, TUTOR).get(f"/documents/{found['id']}/file")
        assert response.status_code == 200 and response.data == b"%PDF-1.7 scanned"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.mimetype == "application/pdf"

    def test_only_an_image_is_previewed_in_place(self, app, identity, documents):
        pdf = documents.document()
        browser = logged_in(app, identity, TUTOR)
        assert browser.get(f"/documents/{pdf['id']}/preview").status_code == 404
        png = documents.document(media_type="image/png", filename="scan.png")
        assert 'class="portal-preview"' in text(browser.get(f"/documents/{png['id']}"))
        shown = browser.get(f"/documents/{png['id']}/preview")
        assert shown.status_code == 200 and shown.headers["Content-Disposition"] == "inline"


class TestLibrary:
    def test_the_trainee_finds_their_programmes_library(self, app, identity, documents):
        documents.library = [{"id": "f-1", "curriculum": "kbu", "curriculum_version": "2017",
                              "title": "KV-kort akut", "category": "assessment_card",
                              "current": {"number": 2, "filename": "kv.pdf", "size": 2048,
                                          "published_at": "2026-11-01T10:00:00+00:00"},
                              "versions": [{"number": 1, "published_at":
                                            "2026-10-01T10:00:00+00:00"}, {"number": 2}]}]
        browser = logged_in(app, identity, TRAINEE)
        assert "/library/kbu/2017" in text(browser.get("/library/"))
        page = text(browser.get("/library/kbu/2017"))
        assert "KBU files" in page and "KV-kort akut" in page and "Earlier versions" in page
        assert "Publish a file" not in page

    def test_an_administrator_publishes_a_file(self, app, identity, documents):
        browser = logged_in(app, identity, ADMIN)
        browser.get("/library/kbu/2017")
        response = browser.client.post("/library/kbu/2017/publish", data={
            "csrf_token": browser.last_token, "title": "Skema", "category": "form",
            "file": (io.BytesIO(PDF), "skema.pdf")}, base_url="https://localhost",
            content_type="multipart/form-data")
        assert response.status_code == 303
        assert documents.uploads[0]["params"] == {"title": "Skema", "category": "form",
                                                  "filename": "skema.pdf"}
        assert documents.uploads[0]["size"] == len(PDF)


def test_the_menu_offers_documents_by_role(app, identity, documents):
    trainee = text(logged_in(app, identity, TRAINEE).get("/"))
    assert "My documents" in trainee and "Documents to confirm" not in trainee
    assert "Documents to confirm" in text(logged_in(app, identity, TUTOR).get("/"))
    admin = text(logged_in(app, identity, ADMIN).get("/"))
    assert "My documents" not in admin and "Curriculum files" in admin
    assert LIMIT == 20 * 1024 * 1024
