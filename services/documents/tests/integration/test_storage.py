"""One suite for every blob store: the local folder and an S3-compatible server (moto)."""
import os
from datetime import UTC, datetime, timedelta

import pytest

from documents.adapters.s3 import S3Settings, S3Store
from documents.adapters.storage import BlobMissing, FolderStore, new_key


@pytest.fixture(params=["folder", "s3"])
def store(request, tmp_path):
    if request.param == "folder":
        return FolderStore(tmp_path / "blobs")
    return S3Store(S3Settings(prefix="evidence/", **request.getfixturevalue("s3_bucket")))


@pytest.fixture
def source(tmp_path):
    def make(content: bytes):
        path = tmp_path / f"source-{len(content)}"
        path.write_bytes(content)
        return path
    return make


def read(store, key) -> bytes:
    return b"".join(store.open(key))


def test_bytes_put_under_a_key_come_back_the_same(store, source):
    content = os.urandom(300_000)
    key = new_key()
    store.put(key, source(content), "application/pdf")
    assert read(store, key) == content


def test_they_come_back_in_chunks_not_whole(store, source):
    key = new_key()
    store.put(key, source(os.urandom(1_000_000)), "application/pdf")
    chunks = list(store.open(key))
    assert len(chunks) > 1 and max(map(len, chunks)) <= 64 * 1024


def test_a_key_with_no_bytes_is_missing_at_once(store):
    with pytest.raises(BlobMissing):
        store.open(new_key())


def test_deleted_bytes_are_gone_and_deleting_again_is_harmless(store, source):
    key = new_key()
    store.put(key, source(b"%PDF-1.7 bytes"), "application/pdf")
    store.delete(key)
    store.delete(key)
    with pytest.raises(BlobMissing):
        store.open(key)


def test_putting_a_key_again_replaces_its_bytes_whole(store, source):
    key = new_key()
    store.put(key, source(b"first"), "application/pdf")
    store.put(key, source(b"second version"), "application/pdf")
    assert read(store, key) == b"second version"


def test_the_listing_names_every_key_with_when_it_was_written(store, source):
    keys = {new_key() for _ in range(3)}
    for key in keys:
        store.put(key, source(b"x"), "image/png")
    listed = dict(store.listing())
    assert keys <= set(listed)
    now = datetime.now(UTC)
    assert all(now - timedelta(minutes=5) < listed[k] <= now + timedelta(minutes=1)
               for k in keys)


def test_a_key_that_could_be_a_path_is_refused(store, source):
    for key in ("../../etc/passwd", "ab/../../x", "", "A" * 32):
        with pytest.raises(ValueError):
            store.put(key, source(b"x"), "application/pdf")
