"""Documents' shared test pieces: the samples module on the path, and a real S3-compatible
server on localhost (moto's standalone server, started here on a free port)."""
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests

from portal_kit.testing_infra import free_port, wait_for

sys.path.insert(0, str(Path(__file__).parent))

MOTO_SERVER = Path(sys.executable).parent / "moto_server"


@pytest.fixture(scope="session")
def s3_endpoint():
    """The URL of a moto S3 server for this test session; stopped after it."""
    port = free_port()
    process = subprocess.Popen([str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(url), timeout=30, interval=0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def s3_bucket(s3_endpoint):
    """A fresh bucket on the session's S3 server; its settings for ``S3Settings``."""
    import boto3
    name = f"documents-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
    client.create_bucket(Bucket=name)
    return {"bucket": name, "endpoint_url": s3_endpoint, "region": "us-east-1",
            "access_key_id": "test", "secret_access_key": "test",
            "addressing_style": "path"}


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code < 500
    except requests.RequestException:
        return False
