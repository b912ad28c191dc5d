"""JSON log lines for the local programs that run without the kit (origin, mail catcher).

One object a line with the keys of the services' lines (``portal_kit.observability``),
so every line of a ``make run`` session is JSON: log records, warnings, uncaught
exceptions (in any thread) and errors while handling a request go the same way.
"""
from __future__ import annotations

import json
import logging
import sys
import threading
import traceback
from datetime import UTC, datetime
from typing import Any


class JsonLines(logging.Formatter):
    def __init__(self, process: str) -> None:
        super().__init__()
        self.process = process

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(),
                 "level": record.levelname.lower(), "logger": record.name,
                 "message": record.getMessage(), "service": self.process,
                 "correlation_id": None}
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str)


def setup(process: str) -> logging.Logger:
    """Log JSON lines to stdout; returns the program's logger."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonLines(process))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.captureWarnings(True)
    log = logging.getLogger(process)

    def uncaught(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        log.critical("stopped: %s: %s", kind.__name__, exc, exc_info=(kind, exc, tb))

    def thread_failed(args: threading.ExceptHookArgs) -> None:
        name = args.thread.name if args.thread else "?"
        log.error("thread %s failed: %s", name, args.exc_value,
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook, threading.excepthook = uncaught, thread_failed
    return log


def log_request_errors(server: Any, log: logging.Logger) -> None:
    """Make a ``socketserver`` server log a failed request as one JSON line."""
    def handle_error(request: Any, client_address: Any) -> None:
        log.exception("error while handling a request from %s", client_address[0])
    server.handle_error = handle_error
