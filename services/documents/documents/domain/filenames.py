"""The name an uploaded file is kept and offered under: never a path, never a trick.

A browser or scanner may send any name: a path (``../../etc/passwd``,
``C:\\scans\\x.pdf``), control or bidirectional-override characters that make
``evil‮fdp.exe`` read as ``evilexe.pdf``, a Windows device name, or a name of
thousands of characters. The kept name is the last path segment, in Unicode
NFC, with those removed, at most ``MAX_LENGTH`` characters, and it ends in the
extension of the type the content was recognised as.
"""
from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 120
FALLBACK_STEM = "document"
EXTENSIONS = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"),
              "image/png": (".png",)}
RESERVED = re.compile(r'[<>:"/\\|?*]')
WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def sanitise(name: str | None, media_type: str) -> str:
    """The name to keep for a file of ``media_type`` uploaded as ``name``."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(" " if ch.isspace() else ch for ch in text if _visible(ch))
    text = RESERVED.sub("_", " ".join(text.split())).strip(". ")
    if WINDOWS_DEVICES.match(text):
        text = f"_{text}"
    return _with_extension(text or FALLBACK_STEM, media_type)


def _visible(ch: str) -> bool:
    """Not a control, format (bidi overrides, zero-width) or unassigned character."""
    return ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}


def _with_extension(text: str, media_type: str) -> str:
    allowed = EXTENSIONS[media_type]
    matched = next((e for e in allowed if text.lower().endswith(e)), None)
    extension = text[-len(matched):] if matched else allowed[0]
    if matched:
        text = text[: -len(matched)].rstrip(". ")
    stem = text[: MAX_LENGTH - len(extension)].rstrip(". ") or FALLBACK_STEM
    return stem + extension


def ascii_fallback(name: str) -> str:
    """The name in printable ASCII, for clients that cannot read ``filename*``."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    cleaned = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\%' else "_" for ch in folded)
    return cleaned.strip() or "download"
