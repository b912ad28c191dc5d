"""Prometheus metrics and JSON logs, the same in every service.

Metric objects are module-level (one registry per process); every series
carries the ``service`` label. Label values never come from a request as it
was sent: methods and statuses are mapped onto fixed sets (``method_label``,
``status_label``) and routes are the declared templates (``unmatched`` for the
rest), so made-up methods and paths cannot grow the number of series.
"""
from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

from portal_kit import correlation, faults
from portal_kit.errors import DomainError

HTTP_REQUESTS = Counter("portal_http_requests_total", "HTTP requests answered",
                        ["service", "method", "route", "status"])
HTTP_LATENCY = Histogram("portal_http_request_duration_seconds", "HTTP request latency",
                         ["service", "method", "route"],
                         buckets=(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5))
OUTBOX_PENDING = Gauge("portal_outbox_pending", "Outbox rows waiting to be published "
                       "(parked rows aside)", ["service"])
OUTBOX_OLDEST_AGE = Gauge("portal_outbox_oldest_age_seconds",
                          "Age of the oldest unpublished outbox row", ["service"])
OUTBOX_PARKED = Gauge("portal_outbox_parked",
                      "Outbox rows parked after the broker refused them again and again "
                      "(replay with portal_kit.outbox_admin)", ["service"])
EVENTS_PUBLISHED = Counter("portal_events_published_total", "Events relayed to the broker",
                           ["service"])
RELAY_FAILURES = Counter("portal_outbox_relay_failures_total",
                         "Relay runs that failed (broker or database down)", ["service"])
HANDLER_FAILURES = Counter("portal_event_handler_failures_total",
                           "Event handler runs that raised", ["service", "handler"])
BROKER_UP = Gauge("portal_broker_up",
                  "1 if the broker was reachable at the last check, else 0 (not part of "
                  "readiness: writes go on through the outbox)", ["service"])
DEAD_LETTERS = Counter("portal_dead_letters_total", "Messages moved to a dead-letter queue",
                       ["service", "handler"])

METRICS_CONTENT_TYPE = CONTENT_TYPE_LATEST
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
HTTP_STATUSES = frozenset({200, 201, 202, 204, 301, 302, 303, 304, 307, 308, 400, 401, 403,
                           404, 405, 406, 409, 410, 411, 412, 413, 415, 422, 429, 500, 502,
                           503, 504})
UNMATCHED_ROUTE = "unmatched"


def method_label(method: str) -> str:
    """The request method as a label: one of ``HTTP_METHODS``, else ``OTHER``."""
    return method if method in HTTP_METHODS else "OTHER"


def status_label(status: int) -> str:
    """The status as a label: a code from ``HTTP_STATUSES``, else its class (``4xx``)."""
    if status in HTTP_STATUSES:
        return str(status)
    return f"{status // 100}xx" if 100 <= status < 600 else "other"


def render_metrics() -> bytes:
    return generate_latest()


class QuietExpectedFailures(logging.Filter):
    """One WARNING line, without a traceback, for a worker that failed as expected.

    nameko logs every failed worker with its traceback, as an ERROR unless the
    entrypoint declared the exception. A request refused with a domain error or
    answered 503 because the database or broker is away is no bug: its answer
    says what happened, and a traceback per request would bury the real ones.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is None or not (isinstance(exc, DomainError) or faults.is_transient(exc)):
            return True
        worker = record.args[0] if isinstance(record.args, tuple) and record.args else "worker"
        first_line = (str(exc).strip().splitlines() or [""])[0][:300]
        record.msg, record.args = "%s failed as expected: %s: %s", (
            worker, type(exc).__name__, first_line)
        if faults.is_transient(exc) and not isinstance(exc, DomainError):
            record.msg = "%s answered unavailable: %s: %s"
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info, record.exc_text = None, None
        return True


def quiet_expected_failures(logger_name: str = "nameko.containers") -> None:
    """Install ``QuietExpectedFailures`` on nameko's worker logger (once per process)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, QuietExpectedFailures) for f in logger.filters):
        logger.addFilter(QuietExpectedFailures())


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the correlation id of the work in hand."""

    def __init__(self, service: str = "", **kwargs: object) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "service": self.service,
            "correlation_id": correlation.peek(),
        }
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str)

