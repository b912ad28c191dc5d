"""The AsyncAPI 3.0 document of the portal's events, for subscribers outside it.

Built from each service's ``EVENT_SPECS``: one channel per event type (its
routing key on the topic exchange ``<service>.events``), one ``send`` operation
per event (the portal is the application and it publishes), and one message
whose payload is the whole CloudEvent in structured mode, with the event's
``data`` schema inside the envelope.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from portal_kit import events as ce
from portal_kit.jsonschema import schema_for
from portal_kit.schema_example import EXAMPLE_ID, example

ASYNCAPI_VERSION = "3.0.0"
AMQP_BINDING_VERSION = "0.3.0"
PERSISTENT = 2
ServiceEvents = tuple[str, Mapping[type, ce.EventSpec]]

SERVERS: dict[str, dict[str, Any]] = {
    "production": {"host": "rabbitmq.portal.example:5672", "protocol": "amqp",
                   "protocolVersion": "0-9-1",
                   "description": "The national operator's broker (host is a placeholder; "
                                  "ask the operator for the address, vhost and credentials)."},
    "local": {"host": "localhost:5672", "protocol": "amqp", "protocolVersion": "0-9-1",
              "description": "The broker of a local `make run`."},
}

DESCRIPTION = """\
Every state change another system may care about is published as a CloudEvent 1.0 in
structured mode: the AMQP `content_type` is `application/cloudevents+json` and the body
is the whole envelope as JSON. Each service publishes to its own topic exchange
`<service>.events` with the event type as routing key; to subscribe, bind your own
durable queue to that exchange with the routing keys you want.

Delivery is at least once: deduplicate by the event `id`. A breaking change to a
schema is a new `type` version (`...v2`), published beside the old one for a while.
The correlation id travels as the extension attribute `correlationid`. Events may
carry further CloudEvents extension attributes (e.g. `traceparent`): names of
lower-case letters and digits, values strings, integers or booleans; ignore those
you do not know."""


def document(services: Iterable[ServiceEvents], *, version: str = "1.0.0") -> dict[str, Any]:
    """The whole AsyncAPI document for ``(service name, EVENT_SPECS)`` pairs."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for service, specs in services:
        for event_class, spec in specs.items():
            key = identifier(spec.type)
            channels[key] = channel(service, spec, key)
            operations[f"send{key[0].upper()}{key[1:]}"] = operation(key)
            messages[key] = message(service, spec, summary(event_class, spec))
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {"title": "Competency portal events", "version": version,
                 "description": DESCRIPTION},
        "defaultContentType": ce.CONTENT_TYPE,
        "servers": SERVERS,
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def identifier(event_type: str) -> str:
    """``portal.identity.dpa.signed.v1`` -> ``identityDpaSignedV1`` (ids for code generators)."""
    words = event_type.removeprefix("portal.").replace("_", ".").split(".")
    return words[0] + "".join(word.capitalize() for word in words[1:])


def channel(service: str, spec: ce.EventSpec, key: str) -> dict[str, Any]:
    """The routing key ``spec.type`` on the service's topic exchange."""
    return {
        "address": spec.type,
        "title": spec.type,
        "description": f"Published by the {service} service on the exchange "
                       f"`{service}.events` with routing key `{spec.type}`.",
        "messages": {key: {"$ref": f"#/components/messages/{key}"}},
        "bindings": {"amqp": {
            "is": "routingKey",
            "exchange": {"name": f"{service}.events", "type": "topic", "durable": True,
                         "autoDelete": False},
            "bindingVersion": AMQP_BINDING_VERSION}},
    }


def operation(key: str) -> dict[str, Any]:
    """The portal sends (publishes) the event, persistent and confirmed by the broker."""
    return {
        "action": "send",
        "channel": {"$ref": f"#/channels/{key}"},
        "messages": [{"$ref": f"#/channels/{key}/messages/{key}"}],
        "bindings": {"amqp": {"deliveryMode": PERSISTENT,
                              "bindingVersion": AMQP_BINDING_VERSION}},
    }


def summary(event_class: type, spec: ce.EventSpec) -> str:
    """The data schema's docstring, else the domain event's (never dataclass's generated one)."""
    for doc, name in ((type(spec.schema).__doc__, type(spec.schema).__name__),
                      (event_class.__doc__, event_class.__name__)):
        text = " ".join((doc or "").split())
        if text and not text.startswith(f"{name}("):
            return text
    return ""


def message(service: str, spec: ce.EventSpec, about: str = "") -> dict[str, Any]:
    """One event as it travels: structured-mode CloudEvent with AMQP properties.

    A data schema may give an ``EXAMPLE`` of its data (shown as the message's example), say
    how its data is classed (``CLASSIFICATION``: public, personal,
    sensitive; ``x-data-classification``) and which type replaces it (``DEPRECATED_BY``:
    the payload is marked ``deprecated`` and the description says what to read instead).
    """
    result: dict[str, Any] = {"name": spec.type, "title": type(spec.schema).__name__}
    if about:
        result["summary"] = about
    replaced_by = getattr(spec.schema, "DEPRECATED_BY", None)
    if replaced_by:
        result["description"] = (f"Deprecated: read `{replaced_by}` instead; this version is "
                                 "published beside it until every subscriber has moved.")
    classification = getattr(spec.schema, "CLASSIFICATION", None)
    if classification:
        result["x-data-classification"] = classification
    result.update({
        "contentType": ce.CONTENT_TYPE,
        "correlationId": {"location": "$message.payload#/correlationid",
                          "description": "Also in the AMQP `correlation_id` property."},
        "payload": dict(cloudevent_schema(service, spec),
                        **({"deprecated": True} if replaced_by else {})),
        "examples": [{"name": "example", "summary": f"A {spec.type} event as it arrives",
                      "payload": example_event(service, spec,
                                               getattr(spec.schema, "EXAMPLE", None))}],
        "bindings": {"amqp": {"contentEncoding": "utf-8", "messageType": spec.type,
                              "bindingVersion": AMQP_BINDING_VERSION}},
    })
    return result


def example_event(service: str, spec: ce.EventSpec,
                  data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole envelope around example data: the data schema's ``EXAMPLE`` when it gives
    one, else data made up from the schema (the values are made up, the shape is real)."""
    return {"specversion": "1.0", "id": EXAMPLE_ID, "source": f"/portal/{service}",
            "type": spec.type, "time": "2030-01-02T03:04:05+00:00",
            "subject": f"{service}/{EXAMPLE_ID}", "datacontenttype": "application/json",
            "dataschema": f"https://portal.example/api/{service}/schemas/{spec.type}.json",
            "correlationid": "c0ffee00-1234-4abc-8def-0123456789ab",
            "data": dict(data) if data is not None else example(schema_for(spec.schema))}


def cloudevent_schema(service: str, spec: ce.EventSpec) -> dict[str, Any]:
    """JSON Schema of the whole envelope; ``data`` is the event's own schema."""
    properties: dict[str, Any] = {
        "specversion": {"type": "string", "const": "1.0"},
        "id": {"type": "string", "minLength": 1,
               "description": "Unique per event: deduplicate by it (delivery is at least once)."},
        "source": {"type": "string", "const": f"/portal/{service}"},
        "type": {"type": "string", "const": spec.type},
        "time": {"type": "string", "format": "date-time"},
        "subject": {"type": "string", "description": "The resource the event is about."},
        "datacontenttype": {"type": "string", "const": "application/json"},
        "dataschema": {"type": "string", "format": "uri",
                       "description": f"The JSON Schema of `data`, served at "
                                      f"`<portal>/api/{service}/schemas/{spec.type}.json`."},
        "correlationid": {"type": "string",
                          "description": "Ties together everything one request caused."},
        "data": schema_for(spec.schema),
    }
    return {"type": "object", "properties": properties, "required": list(properties),
            "propertyNames": {"pattern": ce.EXTENSION_NAME.pattern},
            "additionalProperties": {
                "type": ["string", "integer", "boolean", "null"],
                "minimum": ce.INTEGER_RANGE.start, "maximum": ce.INTEGER_RANGE.stop - 1,
                "description": "A CloudEvents extension attribute."}}


def add_commands(document: dict[str, Any], producer: str, consumer: str,
                 specs: Iterable[ce.EventSpec]) -> dict[str, Any]:
    """Add private command channels: ``producer`` sends them on ``<producer>.commands``,
    ``consumer`` receives them. Marked ``x-private``: only the portal's services may bind
    to that exchange (broker permissions); they are here so that the portal's own
    services code against one contract, not for outside subscribers."""
    exchange = f"{producer}.commands"
    for spec in specs:
        key = identifier(spec.type)
        document["channels"][key] = {
            "address": spec.type, "title": spec.type, "x-private": True,
            "description": f"Private command to the {consumer} service, sent by {producer} "
                           f"through its outbox on the exchange `{exchange}` with routing key "
                           f"`{spec.type}`. Outside subscribers may not bind to `{exchange}`: "
                           "commands may carry secrets (an invitation link).",
            "messages": {key: {"$ref": f"#/components/messages/{key}"}},
            "bindings": {"amqp": {
                "is": "routingKey",
                "exchange": {"name": exchange, "type": "topic", "durable": True,
                             "autoDelete": False},
                "bindingVersion": AMQP_BINDING_VERSION}}}
        document["operations"][f"receive{key[0].upper()}{key[1:]}"] = dict(
            operation(key), action="receive",
            description=f"The {consumer} service receives the command and applies it once "
                        "per command id.")
        document["components"]["messages"][key] = message(
            producer, spec, " ".join((type(spec.schema).__doc__ or "").split()))
    return document
