"""Read and replay a service's dead letters (``<service>.dead-letter``).

    python -m portal_kit.dead_letters list --service notifications [--limit 50]
    python -m portal_kit.dead_letters replay --service notifications [--handler H] [--limit N]

``list`` prints one JSON line per message (the handler that gave up, why, the
attempts, when, the event's type and id) and leaves every message where it is.
``replay`` sends each message (of handler ``H`` only, if given) back to the queue
of the handler that gave up on it, with its attempt counts reset, and removes it
from the dead letters once the broker has confirmed the copy; the handler skips
an event it has already handled (its inbox), so replaying twice is harmless.
Messages are taken unacknowledged and those not replayed are returned: on
RabbitMQ 4.x a return counts towards a quorum queue's delivery limit, which the
portal's policy for dead-letter queues lifts (k8s/base/broker.yaml). The broker
is ``AMQP_URI`` (or ``--amqp-uri``), over TLS as ``portal_kit.broker_tls`` says.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from amqp.exceptions import InternalError, NotFound
from kombu import Connection, Queue

from portal_kit.broker_tls import environment_ssl
from portal_kit.redelivery import ATTEMPTS_HEADER, TRANSIENT_ATTEMPTS_HEADER

DEAD_LETTER_HEADERS = ("x-error", "x-error-type", "x-dead-lettered-at", "x-last-error",
                       ATTEMPTS_HEADER, TRANSIENT_ATTEMPTS_HEADER)
T = TypeVar("T")
PROPERTIES = ("content_type", "content_encoding", "correlation_id", "message_id", "app_id",
              "timestamp", "type", "delivery_mode")


def handler_queue(headers: dict[str, Any]) -> str | None:
    """The queue nameko consumes for the handler that gave up (nameko's naming)."""
    exchange = str(headers.get("x-original-exchange") or "")
    routing_key = str(headers.get("x-original-routing-key") or "")
    handler = str(headers.get("x-handler") or "")
    if not (exchange and routing_key and handler) or "." not in exchange:
        return None
    source, kind = exchange.rsplit(".", 1)
    prefix = "cmd" if kind == "commands" else "evt"
    return f"{prefix}-{source}-{routing_key}--{handler}"


def describe(message: Any) -> dict[str, Any]:
    headers = message.headers or {}
    try:
        event = json.loads(message.body)
    except ValueError:
        event = {}
    event = event if isinstance(event, dict) else {}
    return {"handler": headers.get("x-handler"), "error": headers.get("x-error"),
            "error_type": headers.get("x-error-type"),
            "attempts": headers.get(ATTEMPTS_HEADER),
            "dead_lettered_at": headers.get("x-dead-lettered-at"),
            "type": event.get("type"), "id": event.get("id"),
            "replays_to": handler_queue(headers)}


@contextmanager
def taken(connection: Connection, queue: str, limit: int) -> Iterator[list[Any]]:
    """Up to ``limit`` messages, unacknowledged; those not acked are returned after.
    No queue yet means no dead letters yet (it is declared with the first one)."""
    channel = connection.channel()
    messages: list[Any] = []
    try:
        try:
            channel.queue_declare(queue, passive=True)
        except NotFound:
            yield []
            return
        bound = Queue(queue, no_declare=True)(channel)
        while len(messages) < limit:
            message = bound.get(no_ack=False, accept=None)
            if message is None:
                break
            messages.append(message)
        yield messages
    finally:
        for message in messages:
            if not message.acknowledged:
                message.reject(requeue=True)
        if channel.is_open:
            channel.close()


def while_the_queue_starts(attempt: Callable[[], T], seconds: float = 10) -> T:
    """A quorum queue just declared, or whose node just restarted, answers a get with
    ``INTERNAL_ERROR noproc`` until its process runs (seen on RabbitMQ 3.10); the error
    closes the connection, so ``attempt`` (which opens its own) is made again, for up to
    ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return attempt()
        except InternalError as exc:
            if "noproc" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def list_dead_letters(amqp_uri: str, service: str, limit: int) -> list[dict[str, Any]]:
    def attempt() -> list[dict[str, Any]]:
        with Connection(amqp_uri, ssl=environment_ssl(amqp_uri) or False) as connection, \
                taken(connection, f"{service}.dead-letter", limit) as messages:
            return [describe(message) for message in messages]
    return while_the_queue_starts(attempt)


def replay(amqp_uri: str, service: str, limit: int, handler: str | None = None
           ) -> list[dict[str, Any]]:
    """What was replayed; an attempt cut off by a starting queue keeps what it replayed
    (acknowledged once confirmed) and the next takes the rest."""
    replayed: list[dict[str, Any]] = []

    def attempt() -> list[dict[str, Any]]:
        _replay(amqp_uri, service, limit - len(replayed), handler, replayed)
        return replayed
    return while_the_queue_starts(attempt)


def _replay(amqp_uri: str, service: str, limit: int, handler: str | None,
            replayed: list[dict[str, Any]]) -> None:
    with Connection(amqp_uri, transport_options={"confirm_publish": True},
                    ssl=environment_ssl(amqp_uri) or False) as connection, \
            taken(connection, f"{service}.dead-letter", limit) as messages:
        producer = connection.Producer()
        for message in messages:
            headers = dict(message.headers or {})
            target = handler_queue(headers)
            if target is None or (handler and headers.get("x-handler") != handler):
                continue
            for name in DEAD_LETTER_HEADERS:
                headers.pop(name, None)
            properties = {name: message.properties[name] for name in PROPERTIES
                          if message.properties.get(name) is not None}
            producer.publish(message.body, exchange="", routing_key=target, headers=headers,
                             mandatory=True, retry=False, **properties)
            message.ack()
            replayed.append(describe(message) | {"replayed_to": target})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal_kit.dead_letters",
                                     description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("list", "replay"):
        command = commands.add_parser(name)
        command.add_argument("--service", required=True)
        command.add_argument("--limit", type=int, default=100)
        command.add_argument("--amqp-uri", default=os.environ.get("AMQP_URI"))
        if name == "replay":
            command.add_argument("--handler", help="e.g. notifications.on_send_invitation")
    arguments = parser.parse_args(argv)
    if not arguments.amqp_uri:
        parser.error("set AMQP_URI or pass --amqp-uri")
    if arguments.command == "list":
        found = list_dead_letters(arguments.amqp_uri, arguments.service, arguments.limit)
    else:
        found = replay(arguments.amqp_uri, arguments.service, arguments.limit,
                       arguments.handler)
    for entry in found:
        print(json.dumps(entry, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
