"""What a received file is, by its content: magic bytes first, then a real parse.

Only PDF, JPEG and PNG are accepted, whatever the name or declared type says: an
executable, HTML or SVG is refused by its first bytes (``unsupported_type``). A
PDF must open in pypdf's strict mode, unencrypted, with at least one page whose
box can be read. An image's declared dimensions are checked before any decoding
(``image_too_large``: decompression bombs), then a JPEG is decoded at 1/8 scale
(every byte of its data parsed, little memory; a progressive JPEG needs its whole
coefficient buffer, so it may have at most ``PROGRESSIVE_MAX_PIXELS``) and a PNG
read through chunk by chunk (``documents.adapters.png``). Parsers never read the file whole: a read
larger than ``MAX_READ`` (a parser trying to recover a damaged file by loading
it) is refused as a corrupt file.
"""
from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PdfReader

from documents.adapters.png import check_png
from documents.domain import exceptions as e

MAX_READ = 4 * 1024 * 1024
PROGRESSIVE_MAX_PIXELS = 12_000_000  # about 36 MB to decode
MAGIC = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg",
         b"\x89PNG\r\n\x1a\n": "image/png"}
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its warnings are about the input


@dataclass(frozen=True)
class Inspected:
    media_type: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None


class Inspector:
    def __init__(self, max_pixels: int, max_pages: int = 2000) -> None:
        self.max_pixels = max_pixels
        self.max_pages = max_pages

    def __call__(self, path: Path) -> Inspected:
        with open(path, "rb") as raw:
            media_type = media_type_of(raw.read(16))
            raw.seek(0)
            stream = BoundedReader(raw)
            if media_type == "application/pdf":
                return self._pdf(stream)
            return self._image(stream, media_type)

    def _pdf(self, stream: BoundedReader) -> Inspected:
        try:
            reader = PdfReader(stream, strict=True)
            if reader.is_encrypted:
                raise e.PdfEncrypted("The PDF is encrypted; upload it without a password.")
            pages = len(reader.pages)
            if not 0 < pages <= self.max_pages:
                raise e.PdfCorrupt(f"The PDF has {pages} pages (1 to {self.max_pages} accepted).")
            for page in reader.pages:
                _ = page.mediabox.width
        except (e.PdfEncrypted, e.PdfCorrupt):
            raise
        except Exception as exc:  # pypdf raises many kinds on broken input
            raise e.PdfCorrupt(f"The PDF cannot be read: {_short(exc)}") from None
        return Inspected("application/pdf", pages=pages)

    def _image(self, stream: BoundedReader, media_type: str) -> Inspected:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(stream, formats=[PILLOW_FORMATS[media_type]])
                width, height = image.size
                if width * height > self.max_pixels:
                    raise e.ImageTooLarge(f"The image has {width}×{height} pixels; at most "
                                          f"{self.max_pixels} are accepted.")
                self._decode(image, stream, media_type)
        except (e.ImageTooLarge, e.ImageCorrupt):
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise e.ImageTooLarge("The image has too many pixels.") from None
        except Exception as exc:
            raise e.ImageCorrupt(f"The image cannot be read: {_short(exc)}") from None
        return Inspected(media_type, width=width, height=height)

    def _decode(self, image: Any, stream: BoundedReader, media_type: str) -> None:
        if media_type == "image/jpeg":
            if image.info.get("progressive") and \
                    image.size[0] * image.size[1] > PROGRESSIVE_MAX_PIXELS:
                raise e.ImageTooLarge(f"A progressive JPEG may have at most "
                                      f"{PROGRESSIVE_MAX_PIXELS} pixels: save it as a "
                                      "baseline JPEG or a PDF.")
            image.draft(image.mode, ((image.size[0] + 7) // 8, (image.size[1] + 7) // 8))
            image.load()
        else:
            stream.seek(0)
            check_png(stream)


def guard_pillow(max_pixels: int) -> None:
    """Pillow's own bomb guard for the process (it warns past the limit, fails past twice it)."""
    Image.MAX_IMAGE_PIXELS = max_pixels


def media_type_of(head: bytes) -> str:
    for magic, media_type in MAGIC.items():
        if head.startswith(magic):
            return media_type
    if not head:
        raise e.EmptyFile("The file is empty.")
    raise e.UnsupportedType("Only PDF, JPEG and PNG files are accepted (recognised by "
                            "their content, not their name).")


class BoundedReader(io.RawIOBase):
    """A file a parser may seek and read, but never read whole at once."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self.raw = raw

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > MAX_READ:
            raise e.PdfCorrupt("The file needs repair before it can be read.")
        return self.raw.read(size)

    def readinto(self, buffer: Any) -> int:
        data = self.read(min(len(buffer), MAX_READ))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        return self.raw.readline(MAX_READ if size is None or size < 0 else min(size, MAX_READ))


def _short(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__)[:200]
