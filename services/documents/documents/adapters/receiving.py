"""An upload's bytes, received as they arrive: counted, hashed, spooled to a temporary file.

The body is never held whole: each chunk is counted, added to the SHA-256 and
written to a file in the spool folder. Past the limit the upload is refused at
once (``FileTooLarge``), before the rest is read; a declared length over the
limit is refused before anything is read. The file is removed when the block ends.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from documents.domain.exceptions import EmptyFile, FileTooLarge


@dataclass(frozen=True)
class Received:
    path: Path
    size: int
    sha256: str


class Receiver:
    def __init__(self, limit: int, directory: str | Path | None = None) -> None:
        self.limit = limit
        self.directory = Path(directory) if directory else None
        if self.directory:
            self.directory.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def __call__(self, body: Iterable[bytes], declared_size: int | None = None
                 ) -> Iterator[Received]:
        if declared_size is not None and declared_size > self.limit:
            raise self._too_large()
        handle, name = tempfile.mkstemp(prefix="upload-", dir=self.directory)
        try:
            size, digest = self._spool(body, handle)
            if size == 0:
                raise EmptyFile("The file is empty.")
            yield Received(Path(name), size, digest)
        finally:
            _remove(name)

    def _spool(self, body: Iterable[bytes], handle: int) -> tuple[int, str]:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(handle, "wb") as out:
            for chunk in body:
                size += len(chunk)
                if size > self.limit:
                    raise self._too_large()
                digest.update(chunk)
                out.write(chunk)
        return size, digest.hexdigest()

    def _too_large(self) -> FileTooLarge:
        return FileTooLarge(f"A file may be at most {self.limit} bytes.")


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass
