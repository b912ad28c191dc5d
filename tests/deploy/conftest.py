"""Fixtures for the deploy programs: free ports, loading them, running them.

The programs are plain scripts under ``deploy/`` (not a package), so they are
loaded by path. Tests that run them as processes work the same whether or not the
test process is eventlet-monkey-patched.
"""
import importlib.util
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from http.client import HTTPConnection, HTTPResponse
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
STARTUP_SECONDS = 15


class Reply:
    """An HTTP response read whole: status, headers and body."""

    def __init__(self, response: HTTPResponse) -> None:
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


def free_tcp_port() -> int:
    """A port nobody listens on right now, found by binding to port 0."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None) -> None:
    """Return once something accepts connections on ``port``; fail after a while."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"program exited early with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"nothing listens on port {port}")


def request(method: str, url: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> Reply:
    """One HTTP request on a fresh connection."""
    target = url.removeprefix("http://")
    netloc, _, path = target.partition("/")
    conn = HTTPConnection(netloc, timeout=10)
    try:
        conn.request(method, "/" + path, body=body, headers=headers or {})
        return Reply(conn.getresponse())
    finally:
        conn.close()


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """A factory of free local ports."""
    return free_tcp_port


@pytest.fixture(scope="session")
def http() -> Callable[..., Reply]:
    """``http(method, url, body=None, headers=None)``: one request, read whole."""
    return request


@pytest.fixture(scope="session")
def stop() -> Callable[..., int]:
    """``stop(process, signum=SIGTERM)``: signal a program, return its exit code."""
    return stop_program


@pytest.fixture(scope="session")
def load_program() -> Callable[[str], ModuleType]:
    """Load ``deploy/<name>.py`` as a module, by path."""
    def load(name: str) -> ModuleType:
        if str(DEPLOY) not in sys.path:  # the programs import their siblings (jsonlog)
            sys.path.insert(0, str(DEPLOY))
        module_name = f"portal_deploy_{name}"
        if module_name not in sys.modules:
            spec = importlib.util.spec_from_file_location(module_name, DEPLOY / f"{name}.py")
            assert spec and spec.loader
            sys.modules[module_name] = module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        return sys.modules[module_name]
    return load


def start_program(name: str, args: list[str], wait_on: int,
                  stderr: Path) -> subprocess.Popen:
    """Run ``deploy/<name>.py`` in its own process and wait until ``wait_on`` listens."""
    with stderr.open("wb") as errors:
        process = subprocess.Popen([sys.executable, str(DEPLOY / f"{name}.py"), *args],
                                   stdout=subprocess.PIPE, stderr=errors, text=True)
    wait_for_port(wait_on, process)
    return process


def stop_program(process: subprocess.Popen, signum: int = signal.SIGTERM) -> int:
    """Signal the program and return its exit code (killing it if it hangs)."""
    if process.poll() is None:
        process.send_signal(signum)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout:
        process.stdout.close()
    return process.returncode


@pytest.fixture(scope="module")
def run_program(tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[Callable[..., subprocess.Popen]]:
    """``run_program(name, args, wait_on=port)``; all are stopped after the module."""
    started: list[subprocess.Popen] = []
    folder = tmp_path_factory.mktemp("programs")

    def run(name: str, args: list[str], wait_on: int) -> subprocess.Popen:
        stderr = folder / f"{name}-{len(started)}.stderr"
        started.append(start_program(name, args, wait_on, stderr))
        return started[-1]
    yield run
    for process in started:
        stop_program(process)
