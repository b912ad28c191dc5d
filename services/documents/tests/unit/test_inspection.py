"""Files are recognised by their content and read through before they are accepted."""
import document_samples as samples
import pytest

from documents.adapters.inspection import Inspector
from documents.domain import exceptions as e

inspect_file = Inspector(max_pixels=40_000_000)


def inspect(tmp_path, content: bytes, name: str = "upload"):
    path = tmp_path / name
    path.write_bytes(content)
    return inspect_file(path)


@pytest.mark.parametrize("content, media_type", [
    (samples.pdf(), "application/pdf"), (samples.scanned_pdf(), "application/pdf"),
    (samples.jpeg(), "image/jpeg"), (samples.jpeg(progressive=True), "image/jpeg"),
    (samples.png(), "image/png"), (samples.png(interlaced=True), "image/png")])
def test_a_sound_pdf_jpeg_or_png_is_recognised(tmp_path, content, media_type):
    assert inspect(tmp_path, content).media_type == media_type


def test_a_pdf_reports_its_pages(tmp_path):
    assert inspect(tmp_path, samples.pdf(pages=3)).pages == 3


@pytest.mark.parametrize("content", [
    samples.windows_executable(), samples.elf_executable(), samples.html(), samples.svg(),
    b"just some text", b"PK\x03\x04 a zip file"])
def test_anything_else_is_refused_by_its_first_bytes_whatever_its_name(tmp_path, content):
    with pytest.raises(e.UnsupportedType) as refused:
        inspect(tmp_path, content, name="certificate.pdf")
    assert refused.value.code == "unsupported_type"


def test_html_that_starts_like_a_pdf_is_refused_as_a_corrupt_pdf(tmp_path):
    with pytest.raises(e.PdfCorrupt):
        inspect(tmp_path, samples.html_as_pdf())


def test_a_truncated_pdf_is_refused_as_corrupt(tmp_path):
    with pytest.raises(e.PdfCorrupt):
        inspect(tmp_path, samples.truncated_pdf())


def test_an_encrypted_pdf_is_refused(tmp_path):
    with pytest.raises(e.PdfEncrypted) as refused:
        inspect(tmp_path, samples.encrypted_pdf())
    assert refused.value.code == "pdf_encrypted"


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(e.EmptyFile):
        inspect(tmp_path, b"")


def test_a_decompression_bomb_is_refused_by_its_declared_size_before_decoding(tmp_path):
    with pytest.raises(e.ImageTooLarge) as refused:
        inspect(tmp_path, samples.png_bomb())
    assert refused.value.code == "image_too_large"


def test_a_jpeg_bomb_is_refused_by_its_declared_size_before_decoding(tmp_path):
    with pytest.raises(e.ImageTooLarge):
        inspect(tmp_path, samples.jpeg_bomb())


def test_a_jpeg_over_the_pixel_limit_is_refused(tmp_path):
    small_limit = Inspector(max_pixels=10_000)
    path = tmp_path / "big.jpg"
    path.write_bytes(samples.jpeg((200, 100)))
    with pytest.raises(e.ImageTooLarge):
        small_limit(path)


def test_a_png_whose_data_inflates_past_its_dimensions_is_refused(tmp_path):
    with pytest.raises(e.ImageCorrupt):
        inspect(tmp_path, samples.png_inflating_past_its_size())


@pytest.mark.parametrize("content", [samples.truncated_jpeg(), samples.png_with_bad_crc(),
                                     samples.png()[:-30]])
def test_a_damaged_image_is_refused(tmp_path, content):
    with pytest.raises(e.ImageCorrupt) as refused:
        inspect(tmp_path, content)
    assert refused.value.code == "image_corrupt"


def test_a_large_progressive_jpeg_is_refused_since_decoding_it_needs_its_whole_size(tmp_path):
    path = tmp_path / "progressive.jpg"
    path.write_bytes(samples.jpeg((4000, 3001), progressive=True))
    with pytest.raises(e.ImageTooLarge):
        inspect_file(path)
