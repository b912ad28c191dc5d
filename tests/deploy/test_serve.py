"""python -m portal_kit.serve: nameko run with JSON-only output."""
import json
import os
import subprocess
import sys
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
