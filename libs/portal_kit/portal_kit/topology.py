"""Declare the portal's consumer queues before its services start.

nameko declares a handler's queue and binding when the handler first starts, so
an event published earlier (a new subscriber deployed after its producer) finds
no queue and is dropped. Run this with the migrations:

    python -m portal_kit.topology declare <service module>...

e.g. ``notifications.entrypoints.service``. For every ``ReliableEventHandler``
(and ``ReliableCommandHandler``, on a private ``<source>.commands`` exchange)
of the services in those modules it declares exactly the queue and binding
nameko will declare (nameko's own naming, arguments and durability, so its
declaration later agrees), and each service's ``<service>.dead-letter`` queue.
The broker is ``AMQP_URI`` (or ``--amqp-uri``; TLS: ``portal_kit.broker_tls``).
Declaring again changes nothing.
It logs JSON lines and exits non-zero when anything could not be declared.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")  # plain text, not JSON

from kombu import Connection, Queue  # noqa: E402
from nameko.cli.run import import_service  # noqa: E402
from nameko.containers import ServiceContainer  # noqa: E402

from portal_kit.broker_tls import environment_ssl  # noqa: E402
from portal_kit.messaging import ReliableEventHandler  # noqa: E402
from portal_kit.observability import JsonFormatter  # noqa: E402
from portal_kit.redelivery import dead_letter_queue  # noqa: E402

log = logging.getLogger("portal_kit.topology")


def consumer_queues(service_cls: type, amqp_uri: str) -> list[Queue]:
    """The queues a service's reliable event handlers consume, then its dead-letter queue."""
    container = ServiceContainer(service_cls, {"AMQP_URI": amqp_uri})
    queues = []
    for entrypoint in sorted(container.entrypoints, key=lambda e: e.method_name):
        if isinstance(entrypoint, ReliableEventHandler):  # commands' handlers too
            queues.append(entrypoint.declared_queue())
    return [*queues, dead_letter_queue(container.service_name)]


def declare(modules: Iterable[str], amqp_uri: str) -> list[Queue]:
    """Declare the consumer queues (with exchanges and bindings) of the services in ``modules``."""
    queues = [queue for module in modules for service in import_service(module)
              for queue in consumer_queues(service, amqp_uri)]
    with Connection(amqp_uri, connect_timeout=10,
                    ssl=environment_ssl(amqp_uri) or False) as connection:
        connection.ensure_connection(max_retries=3)
        channel = connection.default_channel
        for queue in queues:
            queue(channel).declare()
    return queues


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal_kit.topology",
                                     description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    declaring = commands.add_parser("declare", help="declare the services' consumer queues")
    declaring.add_argument("modules", nargs="+", metavar="service_module")
    declaring.add_argument("--amqp-uri", default=os.environ.get("AMQP_URI"))
    arguments = parser.parse_args(argv)
    if not arguments.amqp_uri:
        parser.error("set AMQP_URI or pass --amqp-uri")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service="topology"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    try:
        queues = declare(arguments.modules, arguments.amqp_uri)
    except Exception:
        log.exception("could not declare the consumer queues of %s", ", ".join(arguments.modules))
        return 1
    for queue in queues:
        log.info("declared %s", describe(queue))
    return 0


def describe(queue: Queue) -> str:
    exchange: Any = queue.exchange
    if exchange is None or not exchange.name:
        return f"queue {queue.name}"
    return f"queue {queue.name} bound to {exchange.name} with {queue.routing_key}"


if __name__ == "__main__":
    sys.exit(main())
