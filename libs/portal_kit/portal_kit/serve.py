"""Run a service the way ``nameko run`` does, with JSON lines only and a prompt stop.

    python -m portal_kit.serve --config services/identity/config.yml identity.entrypoints.service

The arguments are ``nameko run``'s. Before nameko starts, this silences
eventlet's deprecation banner, sends warnings and uncaught exceptions to the
JSON log, and turns any other line written to stdout or stderr into a JSON
line, so a log collector never meets plain text. It also wakes eventlet's hub
when a signal arrives: nameko's SIGTERM handler only schedules the stop, which
otherwise waits for the hub's next timer (up to the relay's sweep interval). Over
``amqps://`` nameko's connections get the kit's TLS settings (``portal_kit.broker_tls``).

On SIGTERM readiness answers 503 at once; the service goes on serving for
``PORTAL_STOP_DRAIN_SECONDS`` (default 0; Kubernetes sets a few seconds, the time
its endpoints and the ingress take to drop the pod), then nameko stops it: the
web server stops listening, running workers finish, the relay ends its sweep.
"""
from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402 - the banner filter above must come first

eventlet.monkey_patch()

import io  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from typing import IO, Any  # noqa: E402

import eventlet.debug  # noqa: E402

from portal_kit.broker_tls import with_broker_tls  # noqa: E402
from portal_kit.health import Shutdown  # noqa: E402
from portal_kit.observability import JsonFormatter  # noqa: E402

log = logging.getLogger("portal_kit.serve")
JSON_LINE_START = '{"time": '  # how every JsonFormatter line begins


class JsonLines(io.TextIOBase):
    """A text stream that passes JSON log lines on and wraps every other line in one."""

    def __init__(self, stream: IO[str], name: str, service: str) -> None:
        self.stream = stream
        self.name = name
        self.service = service
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self._emit(line)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def close_line(self) -> None:
        if self.pending:
            self._emit(self.pending)
            self.pending = ""
        self.flush()

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return False

    def _emit(self, line: str) -> None:
        if line.startswith(JSON_LINE_START):
            self.stream.write(line + "\n")
        elif line.strip():
            self.stream.write(json.dumps({
                "time": datetime.now(UTC).isoformat(), "level": "warning",
                "logger": self.name, "message": line, "service": self.service,
                "correlation_id": None}) + "\n")
        self.stream.flush()


def service_name(argv: list[str]) -> str:
    modules = [a for a in argv if not a.startswith("-") and not a.endswith((".yml", ".yaml"))]
    return modules[-1].split(".")[0] if modules else "service"


def guard_output(service: str) -> None:
    """JSON from here on: early log records, warnings, stray prints, uncaught exceptions."""
    sys.stdout = JsonLines(sys.__stdout__ or sys.stdout, "stdout", service)
    sys.stderr = JsonLines(sys.__stderr__ or sys.stderr, "stderr", service)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service=service))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught


def _log_uncaught(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
    log.critical("the service stopped: %s: %s", kind.__name__, exc, exc_info=(kind, exc, tb))


def wake_hub_on_signals() -> None:
    """Let a signal end the hub's wait at once (the C handler writes to this pipe)."""
    read_end, write_end = os.pipe()
    for fd in (read_end, write_end):
        os.set_blocking(fd, False)
    signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)

    def drain() -> None:
        while True:
            eventlet.hubs.trampoline(read_end, read=True)
            try:
                os.read(read_end, 512)
            except BlockingIOError:
                pass

    eventlet.spawn_n(drain)


class DrainingSignals:
    """The ``signal`` module as nameko's ``run`` sees it: its SIGTERM handler, when
    installed, is wrapped so that the stop begins with readiness false and a drain."""

    def __init__(self, drain_seconds: float) -> None:
        self.drain_seconds = drain_seconds

    def __getattr__(self, name: str) -> Any:
        return getattr(signal, name)

    def signal(self, signum: int, handler: Any) -> Any:
        if signum == signal.SIGTERM and callable(handler):
            handler = self.draining(handler)
        return signal.signal(signum, handler)

    def draining(self, stop: Any) -> Any:
        def handler(signum: int, frame: Any) -> None:
            if Shutdown.requested:
                return  # one stop at a time; a second SIGTERM changes nothing
            Shutdown.begin()
            log.info("stopping: not ready from now on, stop in %.1f s", self.drain_seconds)
            if self.drain_seconds > 0:
                eventlet.spawn_after(self.drain_seconds, stop, signum, frame)
            else:
                stop(signum, frame)
        return handler


def verifying_broker_tls(run: Any) -> Any:
    """nameko's ``run`` with its ``AMQP_SSL`` made from the ``AMQP_SSL_*`` settings
    (``portal_kit.broker_tls``), so nameko's own connections verify the broker too."""
    def run_with_tls(services: Any, config: dict[str, Any], **options: Any) -> Any:
        return run(services, with_broker_tls(config), **options)
    return run_with_tls


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    guard_output(service_name(argv))
    # A greenthread's error reaches whoever waits for it (nameko logs it);
    # eventlet's hub would print each one again, as plain text.
    eventlet.debug.hub_exceptions(False)
    wake_hub_on_signals()
    from nameko.cli import run as nameko_run
    from nameko.cli.main import main as nameko_main
    nameko_run.signal = DrainingSignals(  # type: ignore[assignment]
        float(os.environ.get("PORTAL_STOP_DRAIN_SECONDS", "0")))
    nameko_run.run = verifying_broker_tls(nameko_run.run)
    sys.argv = ["nameko", "run", *argv]
    try:
        nameko_main()
    finally:
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, JsonLines):
                stream.close_line()
    return 0


if __name__ == "__main__":
    sys.exit(main())
