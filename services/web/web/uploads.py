"""A file form read as it arrives and passed on as it is read: no whole file in this process.

A page posts ``multipart/form-data`` with its small fields first (the CSRF token, the
kind, the description...) and the file last, as browsers send a form's parts in their
order. ``read_streamed`` reads the request's own input (not Flask's form parser, which
would keep the file in memory or a temporary file and cap it at the form limit) up to
the file part and hands back the fields and an iterator over the file's bytes; the page
sends those on to the service in the same rhythm (``ServiceClient.send_stream``).

When the service refuses the file before its end (too large, wrong type), what the
browser still sends is read and dropped (``drain``, up to ``DRAIN_LIMIT``) so the browser
receives the answer instead of a reset connection.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask import Request
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
from werkzeug.wsgi import get_input_stream

CHUNK = 64 * 1024
FIELD_BYTES = 4096
MAX_FIELDS = 20
DRAIN_LIMIT = 256 * 1024 * 1024


class FormUnreadable(Exception):
    """Not a multipart form with its fields before one file (or garbled on the way)."""


@dataclass
class StreamedForm:
    fields: dict[str, str]
    filename: str
    chunks: Iterator[bytes]
    source: Iterator[bytes]

    def drain(self) -> None:
        """Read and drop what the browser still sends (bounded), so it gets our answer."""
        read = 0
        for block in self.source:
            read += len(block)
            if read > DRAIN_LIMIT:
                return


def read_streamed(request: Request) -> StreamedForm:
    mimetype, options = parse_options_header(request.headers.get("Content-Type", ""))
    boundary = options.get("boundary", "")
    if mimetype != "multipart/form-data" or not boundary:
        raise FormUnreadable("not a multipart form")
    source = _blocks(request.environ)
    events = _events(source, boundary.encode("latin-1", "replace"))
    fields: dict[str, str] = {}
    for event in events:
        if isinstance(event, Field):
            fields[event.name] = _value(events)
            if len(fields) > MAX_FIELDS:
                raise FormUnreadable("too many fields")
        elif isinstance(event, File):
            return StreamedForm(fields, event.filename or "", _file(events), source)
        else:
            break
    raise FormUnreadable("no file part")


def _blocks(environ: dict[str, Any]) -> Iterator[bytes]:
    stream = get_input_stream(environ, max_content_length=None)
    while block := stream.read(CHUNK):
        yield bytes(block)


def _events(source: Iterator[bytes], boundary: bytes) -> Iterator[Any]:
    decoder = MultipartDecoder(boundary, max_form_memory_size=4 * CHUNK)
    ended = False
    try:
        while True:
            event = decoder.next_event()
            if event is NEED_DATA:
                if ended:
                    raise FormUnreadable("the form ended early")
                chunk = next(source, None)
                ended = chunk is None
                decoder.receive_data(chunk)
            elif not isinstance(event, Preamble):
                yield event
                if isinstance(event, Epilogue):
                    return
    except (ValueError, RequestEntityTooLarge):
        raise FormUnreadable("garbled multipart body") from None


def _value(events: Iterator[Any]) -> str:
    value = bytearray()
    for event in events:
        value += event.data
        if len(value) > FIELD_BYTES:
            raise FormUnreadable("a field is too long")
        if not event.more_data:
            break
    return value.decode("utf-8", "replace").replace("\x00", "")


def _file(events: Iterator[Any]) -> Iterator[bytes]:
    for event in events:
        if not isinstance(event, Data):
            return
        if event.data:
            yield bytes(event.data)
        if not event.more_data:
            return
