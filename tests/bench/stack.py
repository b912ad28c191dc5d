"""A whole portal for the benchmark, started as a user starts it (deploy/run.py).

It gets a fresh RabbitMQ vhost (created through the management API, deleted
after), free ports and a temporary data folder (SQLite), so it never touches a
running `make run`.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from portal_kit.testing_infra import Rabbit, Vhost, create_vhost, delete_vhost, free_port_block

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["identity", "invitations", "competencies", "documents", "notifications"]
RABBIT = Rabbit(os.environ.get("PORTAL_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"),
                os.environ.get("PORTAL_TEST_RABBIT_API", "http://guest:guest@127.0.0.1:15672"))
POSTGRES = os.environ.get("PORTAL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
READY_LINE = "The competency portal is running"


@dataclass
class Stack:
    process: subprocess.Popen[str]
    origin: str
    direct: dict[str, str]
    mail: str
    vhost: Vhost
    data_dir: tempfile.TemporaryDirectory[str]
    output: list[str] = field(default_factory=list)
    stop_s: float | None = None
    log_lines_not_json: int | None = None


def start(timeout: float = 150.0) -> Stack:
    """Launch deploy/run.py and return once it printed that everything is ready."""
    vhost = create_vhost(RABBIT)
    data_dir = tempfile.TemporaryDirectory(prefix="portal-bench-")
    port, smtp, mail = free_port_block(9), free_port_block(1), free_port_block(1)
    env = {k: v for k, v in os.environ.items()
           if not k.endswith("_DATABASE_URL") and k not in {"SMTP_HOST", "MAILCATCHER_OFF"}}
    env.update(PORTAL_PORT=str(port), PORTAL_DATA_DIR=data_dir.name,
               AMQP_URI=vhost.amqp_uri,
               MAILCATCHER_SMTP_PORT=str(smtp), MAILCATCHER_HTTP_PORT=str(mail),
               # token issuance is measured, not identity's per-client rate limit
               TOKEN_RATE_LIMIT="1000000/60")
    process = subprocess.Popen([sys.executable, "deploy/run.py"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    stack = Stack(process, f"http://127.0.0.1:{port}",
                  {s: f"http://127.0.0.1:{port + i}" for i, s in enumerate(SERVICES, 1)},
                  f"http://127.0.0.1:{mail}", vhost, data_dir)
    threading.Thread(target=_collect, args=(stack,), daemon=True).start()
    try:
        _wait_until_ready(stack, timeout)
    except BaseException:  # also Ctrl-C during start-up: never leave the vhost behind
        stop(stack)
        raise
    return stack


def _collect(stack: Stack) -> None:
    assert stack.process.stdout is not None
    for line in stack.process.stdout:
        stack.output.append(line.rstrip())


def _wait_until_ready(stack: Stack, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not any(READY_LINE in line for line in stack.output):
        if stack.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the portal did not start:\n" + "\n".join(stack.output[-40:]))
        time.sleep(0.1)


def descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid`` (pid -> command line), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _read(entry / "stat")
            if stat:
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child in (p for p, pp in parents.items() if pp == parent):
            found[child] = _read(Path(f"/proc/{child}/cmdline")).replace("\0", " ").strip()
            frontier.append(child)
    return found


def rss_kib(pid: int) -> int | None:
    for line in _read(Path(f"/proc/{pid}/status")).splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


def alive(pid: int, cmdline: str) -> bool:
    """Still there and still the same program (not a zombie, not a reused pid)."""
    stat = _read(Path(f"/proc/{pid}/stat"))
    if not stat or stat.rsplit(")", 1)[1].split()[0] == "Z":
        return False
    return _read(Path(f"/proc/{pid}/cmdline")).replace("\0", " ").strip() == cmdline


def stop(stack: Stack, grace: float = 60.0) -> list[int]:
    """Ctrl-C the launcher, as a user would; returns the pids it left behind (then killed)."""
    children = descendants(stack.process.pid)
    if stack.process.poll() is None:
        asked = time.monotonic()
        stack.process.send_signal(signal.SIGINT)
        try:
            stack.process.wait(grace)
            stack.stop_s = round(time.monotonic() - asked, 2)
        except subprocess.TimeoutExpired:
            stack.process.kill()
            stack.process.wait()
    left = [pid for pid, cmdline in children.items() if alive(pid, cmdline)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    stack.log_lines_not_json = _lines_not_json(Path(stack.data_dir.name) / "logs")
    delete_vhost(RABBIT, stack.vhost)
    stack.data_dir.cleanup()
    return left


def _lines_not_json(logs: Path) -> int:
    count = 0
    for log in logs.glob("*.log"):
        for line in _read(log).splitlines():
            try:
                count += not isinstance(json.loads(line), dict)
            except ValueError:
                count += 1
    return count


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""
