"""A large file never sits whole in memory: uploads and downloads stream, and a body over the
limit is refused while it arrives. The service runs in this test's process, so the process's
resident memory while a 25 MB file passes is the service's (and the client's, streaming too)."""
import hashlib
import os

import document_samples as samples
import eventlet
import pytest
import requests
from documents_world import TRAINEE

MB = 1024 * 1024
SIZE = 25 * MB
GROWTH_LIMIT = 10 * MB  # a buffered file would add at least its 25 MB


@pytest.fixture
def settings(settings):
    return dict(settings, MAX_UPLOAD_BYTES=str(30 * MB))


@pytest.fixture
def big_pdf(tmp_path):
    path = tmp_path / "big.pdf"
    path.write_bytes(samples.padded_pdf(SIZE))
    return path


def rss() -> int:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


class PeakMemory:
    """The highest resident memory seen while the block runs (sampled every 5 ms)."""

    def __enter__(self):
        self.baseline = self.peak = rss()
        self.running = True
        self.sampler = eventlet.spawn(self._sample)
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, rss())
            eventlet.sleep(0.005)

    def __exit__(self, *exc):
        self.running = False
        self.sampler.wait()

    @property
    def growth(self) -> int:
        return self.peak - self.baseline


def file_chunks(path, size=64 * 1024):
    with open(path, "rb") as source:
        while block := source.read(size):
            yield block


def test_a_25_mb_upload_and_its_download_pass_without_the_memory_growing(world, big_pdf):
    world.kbu_trainee_with_tutor()
    world.uploaded(samples.pdf())  # warm up every path once
    with PeakMemory() as upload:
        document = world.uploaded(file_chunks(big_pdf))
    assert document["size"] == big_pdf.stat().st_size
    digest = hashlib.sha256()
    with PeakMemory() as download:
        response = requests.get(f"{world.api}/documents/{document['id']}/content",
                                headers=world.as_(TRAINEE), stream=True, timeout=60)
        for block in response.iter_content(64 * 1024):
            digest.update(block)
    assert digest.hexdigest() == document["sha256"]
    assert upload.growth < GROWTH_LIMIT, f"upload grew {upload.growth / MB:.1f} MB"
    assert download.growth < GROWTH_LIMIT, f"download grew {download.growth / MB:.1f} MB"


def test_a_body_far_over_the_limit_is_refused_while_it_arrives_without_memory_growing(world):
    world.kbu_trainee_with_tutor()
    offered, sent = 200 * MB, [0]
    block = os.urandom(64 * 1024)

    def body():
        while sent[0] < offered:
            sent[0] += len(block)
            yield block

    with PeakMemory() as refusal:
        response = world.upload(body())
    assert (response.status_code, response.json()["code"]) == (413, "file_too_large")
    assert sent[0] < 40 * MB, f"{sent[0] / MB:.0f} MB were sent before the refusal"
    assert refusal.growth < GROWTH_LIMIT
    assert world.stored_keys() == [] and world.spooled() == []
