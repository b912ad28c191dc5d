"""How long the portal takes to stop after SIGTERM: one service process, and `make run`.

    .venv/bin/python deploy/measure_stop.py [--runs 3] [--service invitations]

Each run starts the program on a fresh vhost of the local RabbitMQ (management API
at RABBIT_API_URI, default http://guest:guest@127.0.0.1:15672), SQLite files in a
temporary folder and free ports, waits until it is ready, sends SIGTERM and measures
the time until the process has exited. Prints one JSON line per run and a summary;
the figures in the README's deployment section come from here.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from portal_kit.testing_infra import Rabbit, create_vhost, delete_vhost, free_port_block

ROOT = Path(__file__).resolve().parents[1]
RABBIT = Rabbit(os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"),
                os.environ.get("RABBIT_API_URI", "http://guest:guest@127.0.0.1:15672"))


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local only
            return bool(response.status == 200)
    except OSError:
        return False


def wait(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} not ready after {timeout:.0f}s")
        time.sleep(0.1)


def seconds_to_stop(process: subprocess.Popen[bytes], grace: float = 60.0) -> float:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(grace)
    return time.monotonic() - started


def one_service(service: str, folder: Path, amqp_uri: str) -> float:
    port = free_port_block(1)
    env = dict(os.environ, AMQP_URI=amqp_uri, PORTAL_DATA_DIR=str(folder),
               **{f"{service.upper()}_DATABASE_URL": f"sqlite:///{folder}/{service}.db",
                  f"{service.upper()}_HTTP_ADDRESS": f"127.0.0.1:{port}"})
    subprocess.run([sys.executable, "-m", "alembic", "-c", f"services/{service}/alembic.ini",
                    "upgrade", "head"], cwd=ROOT, env=env, check=True, capture_output=True)
    with (folder / f"{service}.log").open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "portal_kit.serve", "--config",
                                    f"services/{service}/config.yml",
                                    f"{service}.entrypoints.service"],
                                   cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait(lambda: answers(f"http://127.0.0.1:{port}/health/ready"), 60, service)
        time.sleep(1)  # settled: the relay sleeps in its sweep, as it does most of the time
        return seconds_to_stop(process)


def make_run(folder: Path, amqp_uri: str) -> float:
    port = free_port_block(9)
    env = dict(os.environ, AMQP_URI=amqp_uri, PORTAL_PORT=str(port), PORTAL_DATA_DIR=str(folder),
               MAILCATCHER_SMTP_PORT=str(free_port_block(1)),
               MAILCATCHER_HTTP_PORT=str(free_port_block(1)))
    for name in ("SMTP_HOST", "SMS_GATEWAY_URL", "PUBLIC_BASE_URL"):
        env.pop(name, None)
    with (folder / "run.log").open("wb") as log:
        process = subprocess.Popen([sys.executable, "deploy/run.py"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
        wait(lambda: b"Press Ctrl-C" in (folder / "run.log").read_bytes(), 240, "make run")
        time.sleep(1)
        return seconds_to_stop(process)


def measure(what: str, run: Callable[[Path, str], float], runs: int) -> list[float]:
    figures = []
    for attempt in range(runs):
        vhost = create_vhost(RABBIT)
        try:
            with tempfile.TemporaryDirectory(prefix="portal-stop-") as folder:
                figures.append(run(Path(folder), vhost.amqp_uri))
        finally:
            delete_vhost(RABBIT, vhost)
        print(json.dumps({"program": what, "run": attempt + 1,
                          "seconds_to_stop": round(figures[-1], 2)}), flush=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--service", default="invitations")
    parser.add_argument("--only", choices=["service", "make-run"])
    arguments = parser.parse_args()
    results = {}
    if arguments.only in (None, "service"):
        results[f"one service ({arguments.service})"] = measure(
            arguments.service, lambda f, a: one_service(arguments.service, f, a), arguments.runs)
    if arguments.only in (None, "make-run"):
        results["make run"] = measure("make run", make_run, arguments.runs)
    for what, figures in results.items():
        print(f"{what}: median {statistics.median(figures):.2f} s, "
              f"max {max(figures):.2f} s over {len(figures)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
