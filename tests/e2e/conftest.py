"""The whole portal, started as a user starts it (deploy/run.py), on PostgreSQL and a fresh vhost."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal_kit.testing_infra import (
    Rabbit,
    create_database,
    create_vhost,
    delete_vhost,
    drop_database,
    free_port_block,
    publish_event,
)

sys.path.insert(0, str(Path(__file__).parent))

from e2e_portal import ROOT, SERVICES, Portal, lines_not_json, signed_before_the_services_started  # noqa: E402


@pytest.fixture(scope="session")
def portal(postgres_admin_url, rabbit: Rabbit, tmp_path_factory):
    databases = {s: create_database(postgres_admin_url, f"e2e_{s}") for s in SERVICES}
    vhost = create_vhost(rabbit)
    port, smtp_port, mail_port = free_port_block(9), free_port_block(1), free_port_block(1)
    data_dir = tmp_path_factory.mktemp("portal")
    env = dict(os.environ, AMQP_URI=vhost.amqp_uri, PORTAL_PORT=str(port),
               PORTAL_DATA_DIR=str(data_dir),
               MAILCATCHER_SMTP_PORT=str(smtp_port), MAILCATCHER_HTTP_PORT=str(mail_port),
               **{f"{s.upper()}_DATABASE_URL": url for s, url in databases.items()})
    env.pop("SMTP_HOST", None)
    env.pop("SMS_GATEWAY_URL", None)
    _prepare_then_publish_early(env, vhost)
    process = subprocess.Popen([sys.executable, "deploy/run.py"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        summary = _wait_until_running(process)
        yield Portal(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{mail_port}", vhost, process,
                     data_dir / "logs", summary, databases)
    finally:
        try:
            _stop(process)
        finally:
            delete_vhost(rabbit, vhost)
            for url in databases.values():
                drop_database(postgres_admin_url, url)
    assert lines_not_json(data_dir / "logs") == {}, "every log line, up to the stop, is JSON"


def _prepare_then_publish_early(env, vhost):
    """Migrate and declare the queues only, then publish before any service runs."""
    prepared = subprocess.run([sys.executable, "deploy/run.py", "--prepare"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    publish_event(vhost.amqp_uri, "identity.events", signed_before_the_services_started())


def _wait_until_running(process, timeout=180):
    """Read the launcher's output until its summary is printed whole; return the summary."""
    deadline, seen, summary = time.monotonic() + timeout, [], None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        seen.append(line)
        if "is running at" in line:
            summary = []
        if summary is not None:
            summary.append(line)
            if "Press Ctrl-C" in line:
                return "".join(summary)
        if not line and process.poll() is not None:
            break
    raise AssertionError("the portal did not start:\n" + "".join(seen))


def _stop(process):
    """Ctrl-C, as a user would; every process the launcher started must be gone after."""
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True,
                              text=True).stdout.split()
    asked = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        assert process.wait(60) == 0
        print(f"make run stopped in {time.monotonic() - asked:.2f} s")  # measured, not asserted
    finally:
        if process.poll() is None:
            process.kill()
    still_running = [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert still_running == [], f"left behind: {still_running}"


@pytest.fixture(scope="session")
def operator(portal):
    return portal.operator()
