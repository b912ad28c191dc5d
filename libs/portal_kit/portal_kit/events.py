"""The CloudEvents 1.0 envelope: the public contract of every event.

Events travel in structured mode (the CloudEvents RabbitMQ protocol binding):
the AMQP ``content_type`` is ``application/cloudevents+json`` and the body is
the whole envelope as JSON. ``type`` reads ``portal.<service>.<entity>.<action>.v1``;
the correlation id rides along as the extension attribute ``correlationid``.

Consumers accept any extension attribute the CloudEvents spec allows (a name of
lower-case letters and digits; a string, integer, boolean or null value) and
hand it to the handler with the rest of the event; ``correlationid`` is always
set by the portal but optional on consume.
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
from marshmallow import INCLUDE, Schema, ValidationError, fields, validate, validates_schema

CONTENT_TYPE = "application/cloudevents+json"
SERIALIZER_NAME = "cloudevents"
TYPE_PATTERN = re.compile(r"^portal\.[a-z]+\.[a-z_]+\.[a-z_]+\.v[0-9]+$")
EXTENSION_NAME = re.compile(r"^[a-z0-9]+$")
INTEGER_RANGE = range(-(2 ** 31), 2 ** 31)  # the CloudEvents Integer type


class CloudEventSchema(Schema):
    """Validates an event a consumer receives: the envelope, not the ``data`` inside it.

    Required: what CloudEvents requires (``specversion`` 1.0, ``id``, ``source``,
    ``type``) and what the portal's handlers read (``time``, ``data`` as a JSON
    object). Everything else is optional; unknown attributes are extensions.
    """

    class Meta:
        unknown = INCLUDE

    specversion = fields.String(required=True, validate=validate.Equal("1.0"))
    id = fields.String(required=True, validate=validate.Length(min=1))
    source = fields.String(required=True, validate=validate.Length(min=1))
    type = fields.String(required=True, validate=validate.Regexp(TYPE_PATTERN))
    time = fields.String(required=True)
    subject = fields.String()
    datacontenttype = fields.String(validate=validate.Equal("application/json"))
    dataschema = fields.String()
    correlationid = fields.String()
    data = fields.Dict(required=True)

    @validates_schema
    def extensions_are_cloudevents_attributes(self, event: dict[str, Any],
                                              **_kwargs: Any) -> None:
        errors = {name: [problem] for name, value in event.items() if name not in self.fields
                  for problem in [extension_problem(name, value)] if problem}
        if errors:
            raise ValidationError(errors)


def extension_problem(name: str, value: Any) -> str | None:
    """Why ``name: value`` is no CloudEvents extension attribute (None when it is one)."""
    if not EXTENSION_NAME.match(name):
        return "An extension attribute's name is lower-case letters and digits only."
    if value is None or isinstance(value, (str, bool)):
        return None
    if isinstance(value, int) and value in INTEGER_RANGE:
        return None
    return "An extension attribute's value is a string, a 32-bit integer or a boolean."


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
