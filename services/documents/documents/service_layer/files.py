"""From an upload's chunks to stored bytes: received, recognised, stored (before any metadata)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from documents.adapters.storage import BlobMissing, BlobStore, new_key
from documents.domain.commands import Body
from documents.domain.filenames import sanitise
from documents.domain.model import StoredFile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Download:
    filename: str
    media_type: str
    size: int
    sha256: str
    chunks: Iterator[bytes]


def store_body(body: Body, receive: Any, inspect: Callable[..., Any],
               store: BlobStore) -> StoredFile:
    """Spool the body (size limit while it arrives), recognise it, store it under a new key.

    The bytes are in the store before the caller commits the metadata that names them;
    if that commit never happens, the orphan sweep removes them.
    """
    with receive(body.chunks, body.declared_size) as received:
        content = inspect(received.path)
        key = new_key()
        store.put(key, received.path, content.media_type)
    return StoredFile(key, sanitise(body.filename, content.media_type), content.media_type,
                      received.size, received.sha256)


def download(store: BlobStore, key: str, filename: str, media_type: str, size: int,
             sha256: str) -> Download:
    try:
        chunks = store.open(key)
    except BlobMissing:
        raise RuntimeError(f"stored bytes missing for key {key}") from None
    return Download(filename, media_type, size, sha256, iter(chunks))


def remove_bytes(store: BlobStore, key: str | None) -> None:
    """After the commit that stopped naming them: a failure here leaves bytes the orphan
    sweep removes later."""
    if key is None:
        return
    try:
        store.delete(key)
    except Exception:
        log.warning("bytes under %s not removed now; the orphan sweep will", key)
