"""``python -m dev_eid``: serve the development eID provider until SIGTERM or Ctrl-C."""
from __future__ import annotations

import json
import logging
import signal
import sys
from datetime import UTC, datetime
from types import FrameType

from werkzeug.serving import WSGIRequestHandler, make_server

from .app import create_app
from .settings import from_environment

log = logging.getLogger("dev-eid")


class JsonLines(logging.Formatter):
    """One JSON object a line, with the keys of the portal's own log lines."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(),
                 "level": record.levelname.lower(), "logger": record.name,
                 "message": record.getMessage(), "service": "dev-eid", "correlation_id": None}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class JsonRequestLog(WSGIRequestHandler):
    """One JSON line per request (and per server error) instead of werkzeug's plain text."""

    def log(self, type: str, message: str, *args: object) -> None:  # noqa: A002 - werkzeug's name
        getattr(log, type if type in ("info", "warning", "error") else "info")(message, *args)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        log.info('"%s" %s %s', self.requestline, code, size)


def setup_logging() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonLines())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.captureWarnings(True)


def main() -> int:
    setup_logging()
    settings = from_environment()
    server = make_server(settings.host, settings.port, create_app(settings), threaded=True,
                         request_handler=JsonRequestLog)

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    log.info("development eID provider: %s/helseid and %s/nemlogin (listening on %s:%s)",
             settings.public_url, settings.public_url, settings.host, settings.port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
