"""``python -m dev_eid``: serve the development eID provider until SIGTERM or Ctrl-C."""
from __future__ import annotations

import signal
import sys
from types import FrameType

from werkzeug.serving import WSGIRequestHandler, make_server

from .app import create_app
from .settings import from_environment


class PlainRequestLog(WSGIRequestHandler):
    """One plain line per request (no terminal colours in the log file)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.log("info", '"%s" %s %s', self.requestline, code, size)


def main() -> int:
    settings = from_environment()
    server = make_server(settings.host, settings.port, create_app(settings), threaded=True,
                         request_handler=PlainRequestLog)

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"development eID provider: {settings.public_url}/helseid and "
          f"{settings.public_url}/nemlogin (listening on {settings.host}:{settings.port})",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
