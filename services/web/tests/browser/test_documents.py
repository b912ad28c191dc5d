"""Paper evidence in the browser, on the whole running portal: Mette Jensen (a KBU trainee of
Region Hovedstaden, placed at Lægehuset Nørrebro by the region through competencies) uploads
a scanned course certificate, her tutor Søren Nielsen confirms it, she sees it confirmed and
an outside subscriber of documents' events reads the confirmation; a fake PDF, an empty and a
too-large file are refused with clear words; the curriculum file library; axe on each page."""
import re
from pathlib import Path

from e2e_documents import CONFIRMED, documents_subscriber, event_of, kbu_programme
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from browsing import assert_accessible, enter, in_english
from e2e_portal import eventually

# Mette registers, the region signs and Søren's access is given in tests of their own
# (test_login, test_roles, test_team): this story follows them on the same portal.
AFTER_FIRST_STEPS = True


def menu(page):
    return page.get_by_role("navigation", name=re.compile("Main menu|Hovedmeny|Hovedmenu"))


def scanned_certificate(folder):
    """A course certificate as a scanner makes it: an image in a PDF."""
    scan = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(scan)
    draw.rectangle((60, 60, 790, 1040), outline="black", width=4)
    draw.text((120, 160), "KURSUSBEVIS - Kursus i akut medicin - 2026", fill="black")
    path = folder / "kursusbevis.pdf"
    scan.save(path, "PDF", resolution=150)
    return path


def upload(page, path, description="Kursus i akut medicin", item=""):
    page.get_by_label("Kind of document").select_option(label="Course certificate")
    page.get_by_label("Description").fill(description)
    if item:
        page.get_by_label("Curriculum item").fill(item)
    page.locator("#f-file").set_input_files(str(path))
    page.get_by_role("button", name="Upload", exact=True).click()


def test_a_scanned_certificate_is_uploaded_confirmed_and_seen_confirmed(open_page, portal,
                                                                         tmp_path):
    trainee = open_page()
    enter(trainee, "MitID", "Mette Jensen")
    kbu_programme(portal)  # the region's agreement signed first: it makes Søren's role count
    tutor = open_page()
    enter(tutor, "MitID", "Søren Nielsen")
    connection, read = documents_subscriber(portal)

    in_english(trainee)
    menu(trainee).get_by_role("link", name="My documents").click()
    expect(trainee.get_by_text("PDF, JPEG or PNG, at most 20 MB. Choose")).to_be_visible()
    assert_accessible(trainee)
    upload(trainee, scanned_certificate(tmp_path), item="KBU-01")
    expect(trainee.get_by_role("status")).to_have_text(
        "The document is uploaded. Your tutor is asked to confirm it.")
    row = trainee.get_by_role("row", name=re.compile("Kursus i akut medicin"))
    expect(row).to_contain_text("Awaiting confirmation")
    assert_accessible(trainee)

    in_english(tutor)
    menu(tutor).get_by_role("link", name="Documents to confirm").click()
    expect(tutor.get_by_role("row", name=re.compile("Mette Jensen"))).to_be_visible()
    assert_accessible(tutor)
    tutor.get_by_role("link", name="Check Kursus i akut medicin").click()
    expect(tutor.get_by_role("heading", level=1)).to_have_text("Kursus i akut medicin")
    assert_accessible(tutor)
    with tutor.expect_download() as download:
        tutor.get_by_role("link", name="Download kursusbevis.pdf").click()
    assert download.value.suggested_filename == "kursusbevis.pdf"
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    tutor.get_by_role("button", name="Confirm the document").click()
    expect(tutor.get_by_role("status")).to_have_text("The document is confirmed.")
    expect(tutor.get_by_text("No documents await your confirmation.")).to_be_visible()

    trainee.reload()
    expect(row).to_contain_text("Confirmed")
    expect(row.get_by_role("button", name=re.compile("Withdraw"))).to_have_count(0)
    seen = eventually(lambda: event_of(read, CONFIRMED), timeout=20)
    assert seen["data"]["trainee_id"] and seen["data"]["kind"] == "course_certificate"
    connection.release()

    menu(trainee).get_by_role("link", name="My sign-offs").click()
    trainee.get_by_role("link", name=re.compile(r"\(kbu 2017\)")).first.click()
    beside = trainee.locator("#item-KBU-01").get_by_role(
        "link", name=re.compile(r"Download the confirmed document \(Course certificate"))
    eventually(lambda: trainee.reload() or beside.count() > 0, timeout=20)
    assert_accessible(trainee)
    with trainee.expect_download() as download:
        beside.first.click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"


def test_the_tutor_rejects_with_a_reason_and_the_trainee_reads_it_and_withdraws(
        open_page, portal, tmp_path):
    trainee = open_page()
    enter(trainee, "MitID", "Mette Jensen")
    kbu_programme(portal)
    in_english(trainee)
    trainee.goto("/documents/")
    upload(trainee, scanned_certificate(tmp_path), description="Tidsattestation KBU-1")
    expect(trainee.get_by_role("status")).to_be_visible()

    tutor = open_page()
    enter(tutor, "MitID", "Søren Nielsen")
    in_english(tutor)
    tutor.goto("/documents/to-confirm")
    tutor.get_by_role("link", name="Check Tidsattestation KBU-1").click()
    tutor.get_by_role("button", name="Reject the document").click()
    expect(tutor.locator("#f-reason-error")).to_be_visible()
    assert_accessible(tutor)
    tutor.get_by_label(re.compile("Reason for rejecting")).fill("The stamp is missing")
    tutor.get_by_role("button", name="Reject the document").click()
    expect(tutor.get_by_role("status")).to_have_text(
        "The document is rejected. The trainee sees your reason.")

    trainee.reload()
    row = trainee.get_by_role("row", name=re.compile("Tidsattestation KBU-1"))
    expect(row).to_contain_text("Rejected")
    expect(row).to_contain_text("Reason: The stamp is missing")
    row.get_by_role("button", name=re.compile("Withdraw")).click()
    expect(trainee.get_by_role("status")).to_have_text(
        "The document is withdrawn and its file deleted.")


def test_a_fake_an_empty_and_a_too_large_file_are_refused_in_words(open_page, portal, tmp_path):
    page = open_page()
    enter(page, "MitID", "Mette Jensen")
    kbu_programme(portal)
    in_english(page)
    page.goto("/documents/")
    fake = tmp_path / "kursusbevis.pdf"
    fake.write_bytes(b"<html><body><script>alert(1)</script>Kursusbevis</body></html>")
    upload(page, fake, description="Fake")
    expect(page.locator("#f-file-error")).to_contain_text("This file is not a PDF, JPEG or PNG.")
    expect(page.locator("#error-summary")).to_contain_text("The file was not accepted.")
    assert_accessible(page)
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    upload(page, empty, description="Empty")
    expect(page.locator("#f-file-error")).to_contain_text("The file is empty.")
    large = tmp_path / "stor.pdf"
    with open(large, "wb") as out:
        out.write(b"%PDF-1.7\n")
        for _ in range(21):
            out.write(b"0" * (1024 * 1024))
    upload(page, large, description="Large")
    expect(page.locator("#f-file-error")).to_contain_text(
        "The file is too large. It may be at most 20 MB.")
    expect(page.get_by_role("row", name=re.compile("Fake|Empty|Large"))).to_have_count(0)


def test_the_library_is_published_by_the_region_and_read_by_its_trainee(open_page, portal,
                                                                          tmp_path):
    kbu_programme(portal)
    admin = open_page()
    enter(admin, "MitID", "Jens Poulsen")
    in_english(admin)
    menu(admin).get_by_role("link", name="Curriculum files").click()
    assert_accessible(admin)
    admin.locator("#f-curriculum").fill("kbu")
    admin.locator("#f-version").fill("2017")
    admin.get_by_role("button", name="Open its library").click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("KBU files")
    admin.get_by_label("Title").fill("Kompetencevurderingskort KBU-1")
    admin.get_by_label("Kind of file").select_option(label="Assessment card")
    admin.locator("#f-file").set_input_files(str(scanned_certificate(tmp_path)))
    admin.get_by_role("button", name="Publish", exact=True).click()
    expect(admin.get_by_role("status")).to_have_text("The file is published in the library.")
    assert_accessible(admin)

    trainee = open_page()
    enter(trainee, "MitID", "Mette Jensen")
    in_english(trainee)
    menu(trainee).get_by_role("link", name="Curriculum files").click()
    assert_accessible(trainee)
    trainee.get_by_role("link", name=re.compile("kbu, 2017")).click()
    expect(trainee.get_by_role("link", name="Kompetencevurderingskort KBU-1")).to_be_visible()
    expect(trainee.get_by_role("heading", name="Publish a file")).to_have_count(0)
    assert_accessible(trainee)
