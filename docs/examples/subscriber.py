"""An outside subscriber of the portal's events, in plain Python with kombu (no nameko).

    pip install "kombu>=5.3"
    python subscriber.py \\
        --amqp-uri amqps://approval-authority:PASSWORD@broker.portal.example:5671/portal \\
        --queue sub-approval-authority.completions \\
        --bind competencies.events=portal.competencies.programme.completed.v1 \\
        --ca-file portal-broker-ca.crt

It declares its own durable quorum queue (named under the prefix its broker user
may configure, ``sub-<subscriber>.``) and a dead-letter queue beside it, binds the
queue to the exchanges and routing keys given (``exchange=routing key``; ``#`` and
``*`` are topic wildcards), and handles each event once: delivery is at least once,
so it skips an event whose ``id`` it has already handled (``--seen-file`` keeps
those ids across restarts). A message it cannot read or handle goes to
``<queue>.dead-letter`` instead of being retried for ever. It acknowledges only
after handling, so an event survives a crash of the subscriber. One JSON line per
event on standard output; SIGTERM or Ctrl-C stop it after the current message.
Over ``amqps://`` it verifies the broker's certificate: signed by the CA in
``--ca-file`` (the one the portal's operator hands out; else the system's CAs) and
naming the URI's host.
docs/subscribing.md explains the contract this relies on.
"""
from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import ssl
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from kombu import Connection, Consumer, Exchange, Queue
from kombu.message import Message

REQUIRED = ("specversion", "id", "source", "type")


class Seen:
    """The ids of the events already handled (a SQLite file, or memory only)."""

    def __init__(self, path: str | None) -> None:
        self.db = sqlite3.connect(path or ":memory:")
        self.db.execute("CREATE TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY)")

    def first_time(self, event_id: str) -> bool:
        with self.db:
            added = self.db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (event_id,))
        return added.rowcount == 1


def cloud_event(message: Message) -> dict[str, Any]:
    """The CloudEvent in a message: structured mode (the portal's), or binary mode."""
    if message.content_type == "application/cloudevents+json":
        event = json.loads(message.body)
    else:  # binary mode: attributes in ce- headers, the body is the data
        headers = message.headers or {}
        event = {k.removeprefix("ce-").removeprefix("ce_"): v for k, v in headers.items()
                 if k.startswith(("ce-", "ce_"))}
        event["data"] = json.loads(message.body)
    missing = [name for name in REQUIRED if not event.get(name)]
    if missing or event["specversion"] != "1.0":
        raise ValueError(f"not a CloudEvent 1.0 (missing {missing})")
    return event


def print_event(event: dict[str, Any]) -> None:
    """What this example does with an event; a real subscriber does its own work here."""
    print(json.dumps({"received": event["type"], "id": event["id"],
                      "subject": event.get("subject"), "time": event.get("time"),
                      "data": event.get("data")}), flush=True)


def queues(name: str) -> tuple[Queue, Queue]:
    """Its queue, quorum (replicated), dead-lettering into a second one beside it."""
    dead = Queue(f"{name}.dead-letter", durable=True,
                 queue_arguments={"x-queue-type": "quorum"})
    main = Queue(name, durable=True, queue_arguments={
        "x-queue-type": "quorum", "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": dead.name})
    return main, dead


def subscribe(connection: Connection, queue: Queue, dead: Queue,
              bindings: list[tuple[str, str]]) -> None:
    channel = connection.default_channel
    dead(channel).declare()
    queue(channel).declare()
    for exchange, routing_key in bindings:
        # The portal declares its exchanges; a passive check fails early on a typo.
        Exchange(exchange, type="topic", passive=True)(channel).declare()
        queue(channel).bind_to(exchange=exchange, routing_key=routing_key)


def handler(seen: Seen, handle: Callable[[dict[str, Any]], None],
            counted: list[int]) -> Callable[[Message], None]:
    def on_message(message: Message) -> None:
        try:
            event = cloud_event(message)
            if seen.first_time(event["id"]):
                handle(event)
        except Exception as error:  # any failure: park it for a person, never loop on it
            print(json.dumps({"dead_lettered": str(error)}), file=sys.stderr, flush=True)
            message.reject(requeue=False)
        else:
            message.ack()
        counted[0] += 1
    return on_message


def tls(amqp_uri: str, ca_file: str | None) -> dict[str, Any] | bool:
    """kombu's ``ssl``: over amqps://, the certificate's chain and host name checked."""
    if not amqp_uri.startswith("amqps://"):
        return False
    options: dict[str, Any] = {"cert_reqs": ssl.CERT_REQUIRED,
                               "server_hostname": urlsplit(amqp_uri).hostname}
    if ca_file:
        options["ca_certs"] = ca_file
    return options


def run(amqp_uri: str, queue_name: str, bindings: list[tuple[str, str]],
        seen_file: str | None = None, max_messages: int | None = None,
        handle: Callable[[dict[str, Any]], None] = print_event,
        ca_file: str | None = None) -> None:
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    queue, dead = queues(queue_name)
    counted, seen = [0], Seen(seen_file)
    with Connection(amqp_uri, heartbeat=30, ssl=tls(amqp_uri, ca_file)) as connection:
        subscribe(connection, queue, dead, bindings)
        consumer = Consumer(connection.default_channel, queues=[queue], accept=None,
                            on_message=handler(seen, handle, counted), prefetch_count=10)
        with consumer:
            print(json.dumps({"listening": queue_name, "bindings": bindings}), flush=True)
            while not stopping and (max_messages is None or counted[0] < max_messages):
                try:
                    connection.drain_events(timeout=1)
                except TimeoutError:
                    connection.heartbeat_check()


def binding(text: str) -> tuple[str, str]:
    exchange, sep, routing_key = text.partition("=")
    if not sep or not exchange or not routing_key:
        raise argparse.ArgumentTypeError("use exchange=routing key")
    return exchange, routing_key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--amqp-uri", required=True)
    parser.add_argument("--queue", required=True, help="sub-<subscriber>.<purpose>")
    parser.add_argument("--bind", type=binding, action="append", required=True,
                        metavar="EXCHANGE=ROUTING_KEY")
    parser.add_argument("--seen-file", help="SQLite file of the event ids handled")
    parser.add_argument("--max-messages", type=int, help="stop after this many")
    parser.add_argument("--ca-file", help="the CA (PEM) that signed the broker's certificate")
    arguments = parser.parse_args(argv)
    try:
        run(arguments.amqp_uri, arguments.queue, arguments.bind, arguments.seen_file,
            arguments.max_messages, ca_file=arguments.ca_file)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
