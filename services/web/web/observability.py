"""Health, Prometheus metrics, JSON logs and correlation ids, as in every service.

The kit's JSON formatter and request metrics are reused (``service="web"``). A request's
correlation id comes from ``X-Correlation-Id`` (when it is a sane token) or is new; it is
logged, sent on to every service the page calls, and returned to the browser.
"""
from __future__ import annotations

import logging
import re
import time

from flask import Blueprint, Flask, Response, g, request
from prometheus_client import Counter
from sqlalchemy import text
from sqlalchemy.engine import Engine

from portal_kit import correlation
from portal_kit.observability import (
    HTTP_LATENCY,
    HTTP_REQUESTS,
    METRICS_CONTENT_TYPE,
    render_metrics,
)

SERVICE = "web"
SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
UPSTREAM_FAILURES = Counter("portal_web_upstream_failures_total",
                            "Service calls that found the service down", ["service"])
TOKEN_REFRESHES = Counter("portal_web_token_refreshes_total", "Access tokens refreshed",
                          ["outcome"])
log = logging.getLogger("web.requests")


def health(engine: Engine) -> Blueprint:
    probes = Blueprint("health", __name__)

    @probes.get("/health/live")
    def live() -> dict[str, str]:
        return {"status": "ok"}

    @probes.get("/health/ready")
    def ready() -> tuple[dict[str, str], int]:
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as error:  # any failure: not ready
            log.warning("not ready: %s", error)
            return {"status": "unavailable", "database": "unreachable"}, 503
        return {"status": "ok", "database": "ok"}, 200

    @probes.get("/metrics")
    def metrics() -> Response:
        return Response(render_metrics(), content_type=METRICS_CONTENT_TYPE)

    return probes


def init_app(app: Flask, engine: Engine) -> None:
    app.register_blueprint(health(engine))

    @app.before_request
    def begin() -> None:
        sent = request.headers.get("X-Correlation-Id", "")
        correlation.set(sent if SANE_ID.match(sent) else correlation.new())
        g.started = time.perf_counter()

    @app.after_request
    def measure(response: Response) -> Response:
        response.headers["X-Correlation-Id"] = correlation.get()
        route = request.url_rule.rule if request.url_rule else "unmatched"
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        HTTP_REQUESTS.labels(SERVICE, request.method, route, str(response.status_code)).inc()
        HTTP_LATENCY.labels(SERVICE, request.method, route).observe(elapsed)
        if route != "/metrics" and not route.startswith(("/health/", "/static/")):
            log.info("%s %s %s %.1fms", request.method, route, response.status_code,
                     elapsed * 1000)
        return response
