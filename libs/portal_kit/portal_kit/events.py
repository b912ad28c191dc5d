"""The CloudEvents 1.0 envelope: the public contract of every event.

Events travel in structured mode (the CloudEvents RabbitMQ protocol binding):
the AMQP ``content_type`` is ``application/cloudevents+json`` and the body is
the whole envelope as JSON. ``type`` reads ``portal.<service>.<entity>.<action>.v1``;
the correlation id rides along as the extension attribute ``correlationid``.
"""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kombu import serialization
from marshmallow import Schema, fields, validate

CONTENT_TYPE = "application/cloudevents+json"
SERIALIZER_NAME = "cloudevents"
TYPE_PATTERN = re.compile(r"^portal\.[a-z]+\.[a-z_]+\.[a-z_]+\.v[0-9]+$")


class CloudEventSchema(Schema):
    """Validates and documents the envelope (not the ``data`` inside it)."""

    specversion = fields.String(required=True, validate=validate.Equal("1.0"))
    id = fields.String(required=True, validate=validate.Length(min=1))
    source = fields.String(required=True, validate=validate.Length(min=1))
    type = fields.String(required=True, validate=validate.Regexp(TYPE_PATTERN))
    time = fields.String(required=True)
    subject = fields.String(required=True)
    datacontenttype = fields.String(required=True, validate=validate.Equal("application/json"))
    dataschema = fields.String(required=True)
    correlationid = fields.String(required=True)
    data = fields.Dict(required=True)


@dataclass(frozen=True)
class EventSpec:
    """How one domain event becomes a CloudEvent: its type, data schema and subject."""

    type: str
    schema: Schema
    subject: Callable[[Any], str]


def envelope(*, source: str, type: str,  # noqa: A002 - the CloudEvents name
             subject: str, data: dict[str, Any],
             time: datetime, correlation_id: str, dataschema: str,
             event_id: str | None = None) -> dict[str, Any]:
    """Build a CloudEvent as a plain dict (structured-mode JSON object)."""
    return {
        "specversion": "1.0",
        "id": event_id or str(uuid.uuid4()),
        "source": source,
        "type": type,
        "time": time.isoformat().replace("+00:00", "Z"),
        "subject": subject,
        "datacontenttype": "application/json",
        "dataschema": dataschema,
        "correlationid": correlation_id,
        "data": data,
    }


def encode(event: dict[str, Any]) -> str:
    return json.dumps(event, separators=(",", ":"), sort_keys=True)


def decode(body: str | bytes) -> Any:
    return json.loads(body)


def register_serializer() -> None:
    """Teach kombu (and so nameko) to decode ``application/cloudevents+json``."""
    serialization.register(SERIALIZER_NAME, encode, decode,
                           content_type=CONTENT_TYPE, content_encoding="utf-8")


register_serializer()
