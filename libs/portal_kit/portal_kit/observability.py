"""Prometheus metrics and JSON logs, the same in every service.

Metric objects are module-level (one registry per process); every series
carries the ``service`` label.
"""
from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

from portal_kit import correlation

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
DEAD_LETTERS = Counter("portal_dead_letters_total", "Messages moved to a dead-letter queue",
                       ["service", "handler"])

METRICS_CONTENT_TYPE = CONTENT_TYPE_LATEST


def render_metrics() -> bytes:
    return generate_latest()


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

