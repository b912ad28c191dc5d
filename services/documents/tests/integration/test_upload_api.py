"""Uploading paper evidence through the service: what is accepted, and every refusal
(a 4xx problem with a stable code, and nothing stored: no record, no bytes, no spool file)."""
import hashlib

import document_samples as samples
import pytest
import requests
from documents_world import OTHER_TRAINEE, REGION, TRAINEE, TUTOR


def nothing_stored(world):
    return (world.count("documents"), world.stored_keys(), world.spooled(),
            world.outbox_types()) == (0, [], [], [])


def refused(response, status, code):
    body = response.json()
    return (response.status_code, body.get("code")) == (status, code) and \
        response.headers["Content-Type"].startswith("application/problem+json")


class TestAcceptedUploads:
    def test_a_trainee_uploads_a_pdf_and_it_awaits_their_tutor(self, world):
        enrolment = world.kbu_trainee_with_tutor()
        content = samples.scanned_pdf()
        found = world.uploaded(content, description="Kursus i akut medicin",
                               curriculum_item="KBU-3")
        assert (found["trainee_id"], found["enrolment_id"], found["organisation_id"]) == (
            TRAINEE, enrolment, REGION)
        assert (found["state"], found["kind"], found["media_type"]) == (
            "awaiting_confirmation", "course_certificate", "application/pdf")
        assert found["sha256"] == hashlib.sha256(content).hexdigest()
        assert found["size"] == len(content) and found["curriculum_item"] == "KBU-3"
        assert len(world.stored_keys()) == 1 and world.spooled() == []
        assert world.outbox_types() == ["portal.documents.document.uploaded.v1"]

    def test_the_uploaded_event_names_who_may_confirm(self, world):
        world.kbu_trainee_with_tutor()
        world.uploaded(samples.pdf())
        [body] = [row[0] for row in world.sql("SELECT body FROM outbox")]
        assert f'"confirmers":["{TUTOR}"]' in body and "kursusbevis" not in body

    @pytest.mark.parametrize("content, media_type", [
        (samples.jpeg(), "image/jpeg"), (samples.png(), "image/png")])
    def test_a_jpeg_or_png_scan_is_accepted_too(self, world, content, media_type):
        world.kbu_trainee_with_tutor()
        found = world.uploaded(content, filename="scan", kind="time_attestation")
        assert found["media_type"] == media_type and found["filename"].startswith("scan.")

    def test_a_form_upload_with_fields_before_the_file_is_accepted(self, world):
        world.kbu_trainee_with_tutor()
        response = requests.post(
            f"{world.api}/documents", headers=world.as_(TRAINEE), timeout=30,
            data={"kind": "time_attestation", "description": "Tidsattest, afdeling B"},
            files={"file": ("tidsattest.pdf", samples.pdf(), "application/pdf")})
        assert response.status_code == 201, response.text
        found = response.json()
        assert (found["kind"], found["filename"], found["description"]) == (
            "time_attestation", "tidsattest.pdf", "Tidsattest, afdeling B")

    def test_a_chunked_body_is_read_as_it_arrives(self, world):
        world.kbu_trainee_with_tutor()
        content = samples.padded_pdf(500_000)
        chunks = (content[i:i + 10_000] for i in range(0, len(content), 10_000))
        found = world.uploaded(chunks)
        assert found["sha256"] == hashlib.sha256(content).hexdigest()

    def test_a_path_in_the_name_is_dropped_and_the_extension_follows_the_content(self, world):
        world.kbu_trainee_with_tutor()
        found = world.uploaded(samples.png(), filename="../../../etc/passwd")
        assert found["filename"] == "passwd.png"

    @pytest.mark.parametrize("name", [
        "..\\..\\Windows\\System32\\evil.exe", "/etc/../../root/.ssh/authorized_keys",
        "..", "../../../tmp/x.pdf"])
    def test_a_path_in_a_forms_file_name_is_dropped_too(self, world, name):
        """(A backslash in a quoted form-data name is read as an escape by the multipart
        parser, so a Windows path arrives without its separators: still no path.)"""
        world.kbu_trainee_with_tutor()
        response = requests.post(
            f"{world.api}/documents", headers=world.as_(TRAINEE), timeout=30,
            data={"kind": "other"}, files={"file": (name, samples.pdf(), "application/pdf")})
        assert response.status_code == 201, response.text
        kept = response.json()["filename"]
        assert kept.endswith(".pdf") and not kept.startswith(".")
        assert "/" not in kept and "\\" not in kept and ".." not in kept


class TestRefusedContent:
    @pytest.mark.parametrize("content, status, code", [
        pytest.param(samples.windows_executable(), 415, "unsupported_type",
                     id="a windows executable renamed to .pdf"),
        pytest.param(samples.elf_executable(), 415, "unsupported_type",
                     id="a linux executable renamed to .pdf"),
        pytest.param(samples.html(), 415, "unsupported_type", id="an html page named .pdf"),
        pytest.param(samples.svg(), 415, "unsupported_type", id="an svg image named .pdf"),
        pytest.param(samples.html_as_pdf(), 422, "pdf_corrupt",
                     id="html that starts with the pdf magic bytes"),
        pytest.param(samples.truncated_pdf(), 422, "pdf_corrupt", id="a corrupt pdf"),
        pytest.param(samples.encrypted_pdf(), 422, "pdf_encrypted", id="an encrypted pdf"),
        pytest.param(samples.png_bomb(), 422, "image_too_large", id="a png decompression bomb"),
        pytest.param(samples.jpeg_bomb(), 422, "image_too_large",
                     id="a jpeg decompression bomb"),
        pytest.param(samples.png_inflating_past_its_size(), 422, "image_corrupt",
                     id="a png inflating past its declared size"),
        pytest.param(samples.truncated_jpeg(), 422, "image_corrupt", id="a truncated jpeg"),
        pytest.param(b"", 422, "empty_file", id="an empty file"),
    ])
    def test_bad_content_is_refused_with_its_code_and_nothing_is_stored(
            self, world, content, status, code):
        world.kbu_trainee_with_tutor()
        response = world.upload(content, filename="certificate.pdf")
        assert refused(response, status, code), response.text
        assert nothing_stored(world)

    def test_a_file_over_the_limit_is_refused_before_its_body_is_read(self, world):
        world.kbu_trainee_with_tutor()
        response = world.upload(samples.padded_pdf(3 * 1024 * 1024))
        assert refused(response, 413, "file_too_large")
        assert nothing_stored(world)

    def test_a_chunked_body_over_the_limit_is_refused_while_it_arrives(self, world):
        world.kbu_trainee_with_tutor()
        sent = []

        def endless():
            while len(sent) < 10_000:  # 640 MB if nobody stops it
                sent.append(1)
                yield bytes(64 * 1024)

        response = world.upload(endless())
        assert refused(response, 413, "file_too_large")
        assert len(sent) < 200  # about the 2 MB limit, not the 640 MB offered
        assert nothing_stored(world)

    @pytest.mark.parametrize("content", [
        pytest.param(samples.html(), id="html"), pytest.param(samples.svg(), id="svg")])
    def test_a_form_file_declared_a_pdf_is_judged_by_its_content_not_its_type(
            self, world, content):
        world.kbu_trainee_with_tutor()
        response = requests.post(
            f"{world.api}/documents", headers=world.as_(TRAINEE), timeout=30,
            data={"kind": "course_certificate"},
            files={"file": ("kursusbevis.pdf", content, "application/pdf")})
        assert refused(response, 415, "unsupported_type"), response.text
        assert nothing_stored(world)

    def test_an_empty_form_file_is_refused(self, world):
        world.kbu_trainee_with_tutor()
        response = requests.post(
            f"{world.api}/documents", headers=world.as_(TRAINEE), timeout=30,
            data={"kind": "course_certificate"},
            files={"file": ("kursusbevis.pdf", b"", "application/pdf")})
        assert refused(response, 422, "empty_file"), response.text
        assert nothing_stored(world)

    def test_a_chunked_form_upload_over_the_limit_is_refused_while_it_arrives(self, world):
        world.kbu_trainee_with_tutor()
        sent = []
        boundary = "portal-test-boundary"

        def endless():
            yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
                   f"course_certificate\r\n--{boundary}\r\nContent-Disposition: form-data; "
                   f"name=\"file\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf"
                   "\r\n\r\n").encode()
            while len(sent) < 10_000:  # 640 MB if nobody stops it
                sent.append(1)
                yield bytes(64 * 1024)

        response = requests.post(
            f"{world.api}/documents", data=endless(), timeout=60, headers=dict(
                world.as_(TRAINEE),
                **{"Content-Type": f"multipart/form-data; boundary={boundary}"}))
        assert refused(response, 413, "file_too_large"), response.text
        assert len(sent) < 200
        assert nothing_stored(world)

    @pytest.mark.parametrize("params, field", [
        ({"kind": "diploma"}, "kind"), ({"kind": None}, "kind"),
        ({"curriculum_item": "../x"}, "curriculum_item"),
        ({"curriculum_item": "KBU-1", "attestation": "time-1"}, "attestation"),
        ({"description": "x" * 1001}, "description")])
    def test_invalid_metadata_is_refused_before_the_body_is_read(self, world, params, field):
        world.kbu_trainee_with_tutor()
        response = world.upload(samples.pdf(), **params)
        assert refused(response, 422, "validation_failed") and field in response.json()["errors"]
        assert nothing_stored(world)

    def test_a_nul_character_in_the_metadata_is_refused(self, world):
        world.kbu_trainee_with_tutor()
        assert refused(world.upload(samples.pdf(), description="a\x00b"), 400, "nul_character")


class TestRefusedUploaders:
    def test_without_a_token_nothing_is_read(self, world):
        world.kbu_trainee_with_tutor()
        assert refused(world.upload(samples.pdf(), headers={}), 401, "missing_token")
        assert nothing_stored(world)

    def test_someone_who_is_not_a_trainee_cannot_upload(self, world):
        world.kbu_trainee_with_tutor()
        assert refused(world.upload(samples.pdf(), person=TUTOR), 403, "not_a_trainee")
        assert nothing_stored(world)

    def test_no_upload_while_the_organisations_agreement_is_not_in_force(self, world):
        world.agreement(in_force=False)
        world.trainee()
        assert refused(world.upload(samples.pdf()), 409, "dpa_not_active")
        assert nothing_stored(world)

    def test_a_trainee_with_two_programmes_names_the_one_it_belongs_to(self, world):
        world.agreement()
        world.trainee()
        second = world.trainee(curriculum="almen-medicin-old")
        assert refused(world.upload(samples.pdf()), 422, "enrolment_required")
        assert world.uploaded(samples.pdf(), enrolment_id=second)["enrolment_id"] == second

    def test_nobody_uploads_into_another_trainees_programme(self, world):
        world.agreement()
        world.trainee()
        theirs = world.trainee(OTHER_TRAINEE)
        response = world.upload(samples.pdf(), enrolment_id=theirs)
        assert refused(response, 403, "not_your_enrolment")
        assert nothing_stored(world)


def test_a_form_reads_the_size_limit_and_the_accepted_types_before_sending(world):
    response = world.get("/uploads/limits", {})
    assert response.status_code == 200
    assert response.json() == {"max_bytes": 2 * 1024 * 1024,
                               "media_types": ["application/pdf", "image/jpeg", "image/png"],
                               "kinds": ["course_certificate", "time_attestation", "other"]}
