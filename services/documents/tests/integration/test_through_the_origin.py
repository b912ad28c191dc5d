"""Through the local origin (deploy/origin.py) as under ``make run``: uploads and downloads
stream both ways, and a refusal while the body arrives reaches the client as the service
gave it (not as a broken connection or a 502)."""
import importlib.util
import sys
import threading
from pathlib import Path

import document_samples as samples
import pytest
import requests
from documents_world import TRAINEE
from test_streaming_memory import GROWTH_LIMIT, MB, PeakMemory, file_chunks

DEPLOY = Path(__file__).resolve().parents[4] / "deploy"


def origin_module():
    sys.path.insert(0, str(DEPLOY))
    spec = importlib.util.spec_from_file_location("documents_test_origin", DEPLOY / "origin.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def settings(settings):
    return dict(settings, MAX_UPLOAD_BYTES=str(30 * MB))


@pytest.fixture
def origin(world):
    server = origin_module().make_server(0, {"documents": world.url})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/documents/v1"
    server.shutdown()
    server.server_close()


def test_an_upload_and_download_stream_through_the_origin(world, origin, tmp_path):
    world.kbu_trainee_with_tutor()
    big = tmp_path / "big.pdf"
    big.write_bytes(samples.padded_pdf(25 * MB))
    headers = dict(world.as_(TRAINEE), **{"Content-Type": "application/pdf"})
    with PeakMemory() as passing:
        uploaded = requests.post(f"{origin}/documents", params={"kind": "other"},
                                 data=file_chunks(big), headers=headers, timeout=60)
        assert uploaded.status_code == 201, uploaded.text
        download = requests.get(f"{origin}/documents/{uploaded.json()['id']}/content",
                                headers=world.as_(TRAINEE), stream=True, timeout=60)
        size = sum(len(block) for block in download.iter_content(64 * 1024))
    assert size == big.stat().st_size
    assert passing.growth < GROWTH_LIMIT, f"grew {passing.growth / MB:.1f} MB"


def test_a_refusal_while_the_body_arrives_comes_back_through_the_origin(world, origin):
    world.kbu_trainee_with_tutor()
    sent = [0]

    def endless():
        while sent[0] < 500 * MB:
            sent[0] += 64 * 1024
            yield bytes(64 * 1024)

    response = requests.post(f"{origin}/documents", params={"kind": "other"}, data=endless(),
                             headers=world.as_(TRAINEE), timeout=60)
    assert (response.status_code, response.json()["code"]) == (413, "file_too_large")
    assert sent[0] < 60 * MB


def test_a_refusal_before_the_body_is_read_comes_back_through_the_origin(world, origin):
    world.kbu_trainee_with_tutor()
    response = requests.post(f"{origin}/documents", params={"kind": "other"},
                             data=bytes(40 * MB), timeout=60)
    assert (response.status_code, response.json()["code"]) == (401, "missing_token")
