"""Upload bodies read as they arrive, never whole: a raw body, or multipart/form-data.

The kit reads JSON bodies whole and caps them at 1 MB; an upload instead is read
from the WSGI input in chunks and handed on as it comes (to the spool file, which
counts it against the limit). A raw body carries its metadata in the query
string (``?kind=...&filename=...``); a multipart body may carry it as form fields
before the file part (the query string counts too). Fields are small and few
(``FIELD_BYTES``, ``MAX_FIELDS``).

When a request is refused before its body was read to the end (a token missing,
a file over the limit, ...), the connection is closed after the answer instead of
the server reading and discarding the rest (``refusing_unread``).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import (
    NEED_DATA,
    Data,
    Epilogue,
    Field,
    File,
    MultipartDecoder,
    Preamble,
)
from werkzeug.wrappers import Request

from documents.domain.commands import Body
from documents.domain.exceptions import UploadIncomplete
from portal_kit.errors import Malformed

CHUNK = 64 * 1024
FIELD_BYTES = 4096
MAX_FIELDS = 20


class RequestBody:
    """The request's body in chunks, straight from the WSGI input."""

    def __init__(self, request: Request) -> None:
        self.stream = request.environ["wsgi.input"]
        self.declared = request.content_length
        self.chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
        self.finished = not self.chunked and not self.declared

    def __iter__(self) -> Iterator[bytes]:
        remaining = None if self.chunked else (self.declared or 0)
        while not self.finished:
            wanted = CHUNK if remaining is None else min(CHUNK, remaining)
            block = self._read(wanted)
            if not block:
                if remaining:
                    raise UploadIncomplete("The body ended before its announced length.")
                self.finished = True
                return
            if remaining is not None:
                remaining -= len(block)
                self.finished = remaining == 0
            yield block

    def _read(self, size: int) -> bytes:
        try:
            return bytes(self.stream.read(size))
        except (OSError, ValueError) as error:  # the client went away, or garbled chunks
            raise UploadIncomplete(f"The body could not be read: {error}") from None


class Upload:
    """An upload's metadata fields and its file's chunks, read in that order."""

    def __init__(self, fields: dict[str, str], body: Body) -> None:
        self.fields = fields
        self.body = body


def read_upload(request: Request, raw: RequestBody) -> Upload:
    fields = dict(request.args.items())
    mimetype, options = parse_options_header(request.headers.get("Content-Type", ""))
    _no_nul(fields)
    if mimetype != "multipart/form-data":
        return Upload(fields, Body(iter(raw), fields.get("filename"), raw.declared))
    boundary = options.get("boundary", "").encode("latin-1", "replace")
    if not boundary:
        raise Malformed("A multipart body needs a boundary.", code="malformed_multipart")
    return _multipart(raw, boundary, fields)


def _multipart(raw: RequestBody, boundary: bytes, fields: dict[str, str]) -> Upload:
    events = _events(raw, boundary)
    for event in events:
        if isinstance(event, Field):
            fields[event.name] = _field_value(events)
            _no_nul(fields)
            if len(fields) > MAX_FIELDS:
                raise Malformed("Too many form fields.", code="malformed_multipart")
        elif isinstance(event, File):
            name = event.filename or fields.get("filename")
            return Upload(fields, Body(_file_data(events), name, None))
        elif isinstance(event, Epilogue):
            break
    raise Malformed("The form has no file part.", code="file_missing")


def _no_nul(fields: dict[str, str]) -> None:
    if any("\x00" in k or "\x00" in v for k, v in fields.items()):
        raise Malformed("Text may not contain NUL characters.", code="nul_character")


def _events(raw: RequestBody, boundary: bytes) -> Iterator[Any]:
    decoder = MultipartDecoder(boundary, max_form_memory_size=4 * CHUNK)
    chunks, ended = iter(raw), False
    try:
        while True:
            event = decoder.next_event()
            if event is NEED_DATA:
                if ended:
                    raise UploadIncomplete("The multipart body ended early.")
                chunk = next(chunks, None)
                ended = chunk is None
                decoder.receive_data(chunk)
            elif not isinstance(event, Preamble):
                yield event
                if isinstance(event, Epilogue):
                    return
    except (ValueError, RequestEntityTooLarge):
        raise Malformed("The multipart body cannot be read.", code="malformed_multipart") \
            from None


def _field_value(events: Iterator[Any]) -> str:
    value = bytearray()
    for event in events:
        value += event.data
        if len(value) > FIELD_BYTES:
            raise Malformed(f"A form field may have at most {FIELD_BYTES} bytes.",
                            code="malformed_multipart")
        if not event.more_data:
            break
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("Form fields must be UTF-8.", code="malformed_multipart") from None


def _file_data(events: Iterator[Any]) -> Iterator[bytes]:
    """The file part's bytes; then nothing but the end of the form may follow."""
    for event in events:
        if not isinstance(event, Data):
            break
        if event.data:
            yield bytes(event.data)
        if not event.more_data:
            break
    for event in events:
        if not isinstance(event, Epilogue):
            raise Malformed("Form fields must come before the file part.",
                            code="malformed_multipart")


@contextmanager
def refusing_unread(request: Request) -> Iterator[RequestBody]:
    """The request's body; on a refusal with the body not read to its end, the connection
    is closed after the answer rather than the rest read and thrown away."""
    body = RequestBody(request)
    try:
        yield body
    except BaseException:
        if not body.finished:
            close_after_response(request.environ)
        raise


def close_after_response(environ: dict[str, Any]) -> None:
    """Tell eventlet's server to close the connection after this response.

    eventlet reads and discards an unread body to keep the connection alive, and it
    closes instead when a ``100 Continue`` is still owed (the client may not have sent
    the body at all). Marking the input so is the one way a WSGI app has to ask for it;
    under another server this does nothing.
    """
    server_input = environ.get("eventlet.input")
    if server_input is not None and hasattr(server_input, "is_hundred_continue_response_sent"):
        server_input.wfile = server_input.wfile or _NoContinue()
        server_input.is_hundred_continue_response_sent = False


class _NoContinue:
    """Stands in for the socket eventlet would send ``100 Continue`` on; never written to."""

    def writelines(self, lines: Any) -> None:
        raise OSError("no 100 Continue after a refusal")

    def flush(self) -> None:
        """Nothing to flush."""
