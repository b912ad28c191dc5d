"""Every event the running portal emits, checked against the subscriber contract.

A recorder queue is bound to every service's exchanges before any service starts;
when the end-to-end run is over, each message in it must be what docs/asyncapi.yaml
promises a subscriber: a message of that type on that exchange with that routing
key, in structured CloudEvents mode, its body valid by the message's payload schema.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from kombu import Connection, Exchange, Queue

ROOT = Path(__file__).resolve().parents[2]
RECORDER = "e2e-contract-recorder"
SERVICES = ("identity", "invitations", "competencies", "documents", "notifications")


def exchanges() -> list[str]:
    return [f"{s}.{kind}" for s in SERVICES for kind in ("events", "commands")]


def start_recording(amqp_uri: str) -> None:
    """Declare the recorder queue, bound to everything on every portal exchange."""
    with Connection(amqp_uri) as connection:
        channel = connection.default_channel
        queue = Queue(RECORDER, durable=True, auto_delete=False)
        queue(channel).declare()
        for name in exchanges():
            exchange = Exchange(name, type="topic", durable=True)
            exchange(channel).declare()
            queue(channel).bind_to(exchange=name, routing_key="#")


def recorded(amqp_uri: str) -> list[dict[str, Any]]:
    """Every message recorded so far: exchange, routing key, content type, body."""
    found = []
    with Connection(amqp_uri) as connection:
        channel = connection.default_channel
        while (message := channel.basic_get(RECORDER, no_ack=True)) is not None:
            found.append({"exchange": message.delivery_info["exchange"],
                          "routing_key": message.delivery_info["routing_key"],
                          "content_type": message.content_type, "body": message.body})
    return found


def contract() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Event type -> (its channel, its message) in the committed AsyncAPI document."""
    document = yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text(encoding="utf-8"))
    messages = document["components"]["messages"]
    by_type = {}
    for channel in document["channels"].values():
        for ref in channel["messages"].values():
            message = messages[ref["$ref"].rsplit("/", 1)[1]]
            by_type[message["name"]] = (channel, message)
    return by_type


def mismatches(messages: list[dict[str, Any]]) -> list[str]:
    """What differs from the contract, one line per message that does not keep it."""
    promised = contract()
    found = []
    for message in messages:
        where = f"{message['exchange']} {message['routing_key']}"
        if message["content_type"] != "application/cloudevents+json":
            found.append(f"{where}: content type {message['content_type']}")
            continue
        body = message["body"]
        event = json.loads(body if isinstance(body, str | bytes) else json.dumps(body))
        if event.get("type") not in promised:
            found.append(f"{where}: {event.get('type')} is not in docs/asyncapi.yaml")
            continue
        channel, described = promised[event["type"]]
        exchange = channel["bindings"]["amqp"]["exchange"]["name"]
        if (message["exchange"], message["routing_key"]) != (exchange, channel["address"]):
            found.append(f"{where}: the contract says {exchange} {channel['address']}")
        validator = jsonschema.Draft202012Validator(
            described["payload"], format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        found += [f"{where}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
                  for e in validator.iter_errors(event)]
    return found
