"""Start, watch and stop the portal's local processes (no eventlet here: plain threads)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Process:
    name: str
    command: list[str]
    env: dict[str, str]
    log_path: Path
    ready_url: str | None = None
    listen_port: int | None = None  # one of several sharing a port: ready once it listens
    restarts: list[float] = field(default_factory=list, repr=False)
    popen: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    log_file: IO[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_file = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(self.command, cwd=ROOT, env=self.env,
                                      stdout=self.log_file, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True)

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def ready(self) -> bool:
        if self.ready_url is None:
            return self.alive()
        if self.listen_port is not None and not self.listens():
            return False  # the shared port's answer may come from another process
        try:
            with urllib.request.urlopen(self.ready_url, timeout=2) as response:  # noqa: S310
                return bool(response.status == 200)
        except OSError:
            return False

    def listens(self) -> bool:
        """Whether this process holds a listening TCP socket on ``listen_port`` (from
        /proc; where there is no /proc, the shared port's answer has to do)."""
        if self.popen is None or not Path("/proc/net/tcp").exists():
            return self.alive()
        inodes = listening_inodes(self.listen_port or 0)
        try:
            fds = list(Path(f"/proc/{self.popen.pid}/fd").iterdir())
        except OSError:
            return False
        for fd in fds:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return True
        return False

    def stop(self, grace: float = 10.0) -> None:
        self.terminate()
        self.wait_stopped(time.monotonic() + grace)

    def terminate(self) -> None:
        """Ask the process (and its group) to stop; returns at once."""
        if self.alive():
            assert self.popen is not None
            os.killpg(self.popen.pid, signal.SIGTERM)

    def wait_stopped(self, deadline: float) -> None:
        """Wait until the process has exited, killing it at ``deadline``."""
        if self.popen is not None and self.popen.poll() is None:
            try:
                self.popen.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        if self.log_file:
            self.log_file.close()

    def tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Supervisor:
    """Starts processes, waits until each is ready, restarts one that dies, stops all at the end.

    A process that keeps dying (``max_restarts`` within ``window`` seconds) stops everything.
    """

    def __init__(self, processes: list[Process], out: IO[str] = sys.stdout,
                 max_restarts: int = 5, window: float = 60.0) -> None:
        self.processes = processes
        self.out = out
        self.max_restarts = max_restarts
        self.window = window

    def start_all(self, timeout: float = 90.0) -> None:
        for process in self.processes:
            process.start()
        deadline = time.monotonic() + timeout
        waiting = list(self.processes)
        while waiting:
            for process in list(waiting):
                if not process.alive():
                    raise Failed(process, "exited during start-up")
                if process.ready():
                    waiting.remove(process)
            if waiting and time.monotonic() > deadline:
                raise Failed(waiting[0], f"not ready after {timeout:.0f}s")
            time.sleep(0.2)

    def watch(self) -> None:
        """Block until signalled, restarting any process that exits on its own."""
        while True:
            for process in self.processes:
                if not process.alive():
                    self.restart(process)
            time.sleep(0.5)

    def restart(self, process: Process) -> None:
        now = time.monotonic()
        process.restarts = [t for t in process.restarts if now - t < self.window] + [now]
        if len(process.restarts) > self.max_restarts:
            raise Failed(process, f"exited {self.max_restarts + 1} times in {self.window:.0f}s")
        code = process.popen.returncode if process.popen else None
        print(f"{process.name} exited (code {code}); restarting it", file=self.out, flush=True)
        process.stop()
        process.start()

    def stop_all(self, grace: float = 10.0) -> None:
        """Ask every process to stop at once, then wait for all within one grace period."""
        for process in reversed(self.processes):
            process.terminate()
        deadline = time.monotonic() + grace
        for process in reversed(self.processes):
            process.wait_stopped(deadline)


class Failed(Exception):
    def __init__(self, process: Process, why: str) -> None:
        super().__init__(f"{process.name} {why}; its log ({process.log_path}) ends:\n"
                         f"{process.tail()}")
        self.process = process


def listening_inodes(port: int) -> set[str]:
    """The inodes of the TCP sockets listening on ``port`` (IPv4 and IPv6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                found.add(inode)
    return found


def run_checked(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stdout}{result.stderr}")
