"""Where documents' bytes live: one small interface, a local folder or an S3 bucket behind it.

Keys are opaque random names made here (``new_key``): nothing about a file, its
trainee or its name can be read from where it is stored, and no URL is derived
from them. Bytes are written whole before the metadata that names them commits
(a crash in between leaves bytes nobody names: the orphan sweep removes them);
``put`` is atomic, so a key never names half a file.
"""
from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK = 64 * 1024
KEY = re.compile(r"^[0-9a-f]{32}$")


class BlobMissing(Exception):
    """The store has no bytes under this key (the metadata and the store disagree)."""


class BlobStore(Protocol):
    def put(self, key: str, source: Path, media_type: str) -> None:
        """Store the file at ``source`` under ``key``, whole or not at all."""

    def open(self, key: str) -> Iterator[bytes]:
        """The bytes under ``key`` in chunks (``BlobMissing`` at once if there are none)."""

    def delete(self, key: str) -> None:
        """Remove the bytes under ``key``; nothing happens if there are none."""

    def listing(self) -> Iterator[tuple[str, datetime]]:
        """Every key with the time its bytes were written (for the orphan sweep)."""


def new_key() -> str:
    return uuid.uuid4().hex


def checked(key: str) -> str:
    if not KEY.match(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class FolderStore:
    """Files under ``root/<first two characters>/<key>``, written to ``root/.partial`` first."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.partial = self.root / ".partial"
        self.partial.mkdir(parents=True, exist_ok=True)

    def put(self, key: str, source: Path, media_type: str) -> None:
        target = self._path(key)
        target.parent.mkdir(exist_ok=True)
        staging = self.partial / f"{key}.{uuid.uuid4().hex[:8]}"
        try:
            with open(source, "rb") as reader, open(staging, "wb") as writer:
                while block := reader.read(CHUNK):
                    writer.write(block)
                writer.flush()
                os.fsync(writer.fileno())
            os.replace(staging, target)
        finally:
            staging.unlink(missing_ok=True)

    def open(self, key: str) -> Iterator[bytes]:
        try:
            reader = open(self._path(key), "rb")  # noqa: SIM115 - closed by FileChunks
        except FileNotFoundError:
            raise BlobMissing(key) from None
        return FileChunks(reader)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def listing(self) -> Iterator[tuple[str, datetime]]:
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir() and folder != self.partial:
                for path in folder.iterdir():
                    if KEY.match(path.name):
                        yield path.name, _modified(path)

    def _path(self, key: str) -> Path:
        return self.root / checked(key)[:2] / key


class FileChunks:
    """An open file read in chunks, closed at its end or when the response is closed."""

    def __init__(self, reader: BinaryIO) -> None:
        self.reader = reader

    def __iter__(self) -> Iterator[bytes]:
        with self.reader:
            while block := self.reader.read(CHUNK):
                yield block

    def close(self) -> None:
        self.reader.close()


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)
