"""Files for the tests, made here: sound ones, and each kind of bad input the issue names."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    return _written(writer)


def scanned_pdf(size: tuple[int, int] = (400, 560)) -> bytes:
    """A PDF as a scanner makes it: one page holding an image."""
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PDF", resolution=72)
    return out.getvalue()


def padded_pdf(total: int) -> bytes:
    """A valid PDF of about ``total`` bytes (an incompressible stream pads it)."""
    import os
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    from pypdf.generic import DecodedStreamObject, NameObject
    blob = DecodedStreamObject()
    blob.set_data(os.urandom(max(0, total - 1500)))
    page[NameObject("/Padding")] = writer._add_object(blob)
    return _written(writer)


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="", owner_password="owner")
    return _written(writer)


def truncated_pdf() -> bytes:
    whole = scanned_pdf()
    return whole[: len(whole) // 2]


def html_as_pdf() -> bytes:
    return b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n"


def html() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def svg() -> bytes:
    return (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>")


def windows_executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)


def elf_executable() -> bytes:
    return b"\x7fELF\x02\x01\x01" + bytes(200)


def jpeg(size: tuple[int, int] = (300, 200), progressive: bool = False) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", quality=80, progressive=progressive)
    return out.getvalue()


def truncated_jpeg() -> bytes:
    whole = jpeg((800, 600))
    return whole[: len(whole) // 3]


def jpeg_bomb() -> bytes:
    """A small baseline JPEG whose frame header claims 65500×65500 pixels (4.3 gigapixels)."""
    whole = bytearray(jpeg((64, 64)))
    frame = whole.index(b"\xff\xc0")
    whole[frame + 5:frame + 9] = struct.pack(">HH", 65500, 65500)
    return bytes(whole)


def png(size: tuple[int, int] = (300, 200), interlaced: bool = False) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 10)).save(out, "PNG", interlace=int(interlaced))
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png_declaring(width: int, height: int, pixels: bytes = b"") -> bytes:
    """A PNG whose header claims ``width``×``height`` greyscale pixels, whatever follows."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(pixels, 9)) + png_chunk(b"IEND", b""))


def png_bomb() -> bytes:
    """Small on disk, 100000×100000 pixels when decoded."""
    return png_declaring(100_000, 100_000, bytes(1 << 20))


def png_inflating_past_its_size() -> bytes:
    """Claims 10×10 pixels, but its data inflates to a megabyte of zeros."""
    return png_declaring(10, 10, bytes(1 << 20))


def png_with_bad_crc() -> bytes:
    whole = bytearray(png())
    whole[-20] ^= 0xFF
    return bytes(whole)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
