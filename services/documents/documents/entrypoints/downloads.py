"""A stored file as an HTTP download: streamed, never guessable, never rendered in place."""
from __future__ import annotations

import base64
from urllib.parse import quote

from werkzeug.wrappers import Response

from documents.domain.filenames import ascii_fallback
from documents.service_layer.files import Download

BINARY_RESPONSE = {"application/pdf": {"schema": {"type": "string", "format": "binary"}},
                   "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
                   "image/png": {"schema": {"type": "string", "format": "binary"}}}


def attachment(filename: str) -> str:
    """``Content-Disposition`` for a download (RFC 6266: ASCII name plus ``filename*``)."""
    return (f'attachment; filename="{ascii_fallback(filename)}"; '
            f"filename*=UTF-8''{quote(filename, safe='')}")


def streamed(download: Download) -> Response:
    """The file in chunks, with its exact type and length; browsers must not sniff it,
    run it or keep it in shared caches."""
    digest = base64.b64encode(bytes.fromhex(download.sha256)).decode()
    headers = {
        "Content-Disposition": attachment(download.filename),
        "Content-Length": str(download.size),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
        "Content-Digest": f"sha-256=:{digest}:",
    }
    return Response(download.chunks, status=200, headers=headers,
                    mimetype=download.media_type, direct_passthrough=True)
