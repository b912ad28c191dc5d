"""The name a file is kept under is its last segment, cleaned, bounded, with the right extension."""
import pytest

from documents.domain.filenames import MAX_LENGTH, ascii_fallback, sanitise


@pytest.mark.parametrize("given, kept", [
    ("kursbevis.pdf", "kursbevis.pdf"),
    ("../../etc/passwd", "passwd.pdf"),
    ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe.pdf"),
    ("C:\\Scans\\Tidsattest 2026.PDF", "Tidsattest 2026.PDF"),
    ("/var/../..", "document.pdf"),
    ("..", "document.pdf"),
    ("", "document.pdf"),
    (None, "document.pdf"),
    ("  .hidden.pdf ", "hidden.pdf"),
    ("evil\u202efdp.exe", "evilfdp.exe.pdf"),
    ("line\r\nbreak\x00nul\x1b[31m.pdf", "line breaknul[31m.pdf"),
    ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
    ("CON.pdf", "_CON.pdf"),
    ("lpt1", "_lpt1.pdf"),
    ("Kursusbevis – Ærø.pdf", "Kursusbevis – Ærø.pdf"),
])
def test_a_name_is_kept_as_its_last_segment_without_tricks(given, kept):
    assert sanitise(given, "application/pdf") == kept


def test_the_extension_follows_the_recognised_content_not_the_name():
    assert sanitise("scan.pdf", "image/png") == "scan.pdf.png"
    assert sanitise("photo.JPEG", "image/jpeg") == "photo.JPEG"
    assert sanitise("photo", "image/jpeg") == "photo.jpg"


def test_a_long_name_is_cut_to_the_limit_keeping_its_extension():
    kept = sanitise("x" * 5000 + ".pdf", "application/pdf")
    assert len(kept) == MAX_LENGTH and kept.endswith(".pdf")


def test_the_ascii_fallback_is_printable_and_has_no_quotes_or_escapes():
    assert ascii_fallback('Ærø "kurs"\\%.pdf') == "r _kurs___.pdf"
    assert ascii_fallback("日本語") == "download"
