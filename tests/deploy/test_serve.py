"""python -m portal_kit.serve: nameko run with JSON-only output."""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_service_refused_at_start_up_says_why_in_json_lines_only(tmp_path):
    env = dict(os.environ, PORTAL_ENV="production", PORTAL_CLOCK_FILE=str(tmp_path / "clock"),
               INVITATIONS_DATABASE_URL=f"sqlite:///{tmp_path}/invitations.db",
               AMQP_URI="amqp://guest:guest@127.0.0.1:9/", PORTAL_DATA_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "portal_kit.serve", "--config", "services/invitations/config.yml",
         "invitations.entrypoints.service"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120)
    lines = (done.stdout + done.stderr).splitlines()
    entries = [json.loads(line) for line in lines]
    assert done.returncode != 0
    assert any("PORTAL_ENV=development only" in e.get("exception", "") for e in entries)
    assert not any("Eventlet is deprecated" in e["message"] for e in entries)


def start_invitations(tmp_path, port: int, drain_seconds: str) -> subprocess.Popen:
    env = dict(os.environ, PORTAL_DATA_DIR=str(tmp_path), PORTAL_STOP_DRAIN_SECONDS=drain_seconds,
               INVITATIONS_DATABASE_URL=f"sqlite:///{tmp_path}/invitations.db",
               INVITATIONS_HTTP_ADDRESS=f"127.0.0.1:{port}")
    subprocess.run([sys.executable, "-m", "alembic", "-c", "services/invitations/alembic.ini",
                    "upgrade", "head"], cwd=ROOT, env=env, check=True, capture_output=True)
    with (tmp_path / "service.log").open("wb") as log:
        service = subprocess.Popen(
            [sys.executable, "-m", "portal_kit.serve", "--config",
             "services/invitations/config.yml", "invitations.entrypoints.service"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    poll(lambda: readiness(port) == 200, "ready")
    return service


def readiness(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as refused:
        return refused.code
    except OSError:
        return None


def poll(predicate, what: str) -> None:
    deadline = time.monotonic() + 60
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_after_sigterm_a_service_answers_not_ready_while_it_drains(tmp_path, free_port):
    port = free_port()
    service = start_invitations(tmp_path, port, drain_seconds="30")
    try:
        service.send_signal(signal.SIGTERM)
        poll(lambda: readiness(port) == 503, "not ready once asked to stop")
        service.send_signal(signal.SIGTERM)
        poll(lambda: readiness(port) == 503, "not ready once asked to stop")
        assert service.poll() is None  # still serving while it drains
        service.send_signal(signal.SIGTERM)  # a second one does not cut the drain short
        assert readiness(port) == 503
    finally:
        service.kill()
        service.wait(30)


def test_after_its_drain_a_stopped_service_exits_cleanly(tmp_path, free_port):
    service = start_invitations(tmp_path, free_port(), drain_seconds="0.5")
    service.send_signal(signal.SIGTERM)
    assert service.wait(60) == 0
