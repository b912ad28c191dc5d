"""Nameko event handlers that never lose a message.

``event_handler`` consumes CloudEvents from ``<source>.events`` (``command_handler``
the commands on a producer's private ``<source>.commands``). When the
handler raises, the message is re-published to a delay queue (dead-lettered
back to the handler's queue when its TTL runs out) with an attempt count;
after the last delay it goes to the service's ``<service>.dead-letter`` queue
with the error attached. Only then is the original acked. A message that
cannot even be decoded, or is no CloudEvent, goes straight to dead letters.
If publishing the retry or dead-letter copy fails (a queue limit, missing
permissions, a queue declared with other arguments), the original is requeued
after a pause that doubles with each failure in a row, from
``EVENT_FORWARD_RETRY_SECONDS`` up to ``EVENT_FORWARD_RETRY_MAX_SECONDS``; no
worker waits meanwhile, so the service's other messages go on.

A transient failure (``portal_kit.faults``: the database or broker away) is
retried every ``EVENT_TRANSIENT_RETRY_SECONDS`` without using up an attempt,
at most ``EVENT_TRANSIENT_MAX_RETRIES`` times in a row; then it is dead-lettered.
"""
from __future__ import annotations

import logging
import traceback
from datetime import UTC, datetime
from functools import partial
from typing import Any

import eventlet
from kombu import Exchange, Queue
from nameko.events import SERVICE_POOL, EventHandler
from nameko.exceptions import ContainerBeingKilled
from nameko.messaging import QueueConsumer

from portal_kit import events as ce
from portal_kit import faults
from portal_kit import observability as obs
from portal_kit.amqp import ConfirmingPublisher
from portal_kit.broker_tls import broker_ssl
from portal_kit.redelivery import (
    ATTEMPTS_HEADER,
    TRANSIENT_ATTEMPTS_HEADER,
    Pauses,
    count_in,
    dead_letter_queue,
    retry_queue,
    with_origin,
)

log = logging.getLogger(__name__)

DEFAULT_RETRY_DELAYS = (1.0, 5.0, 30.0)
DEFAULT_TRANSIENT_MAX_RETRIES = 720  # an hour of outage at the default 5 s
DEFAULT_FORWARD_PAUSES = (0.5, 30.0)
STOP_CHECK_SECONDS = 0.2
PROPERTY_NAMES = ("content_type", "content_encoding", "message_id", "correlation_id",
                  "type", "app_id", "timestamp")


class SafeQueueConsumer(QueueConsumer):
    """Accepts CloudEvents and dead-letters messages it cannot decode."""

    def consume(self, limit: int | None = None, timeout: float | None = None,
                safety_interval: float = STOP_CHECK_SECONDS, **kwargs: Any) -> Any:
        # kombu drains for a second at a time, and nameko's stop takes two
        # such turns (cancel, then exit): a service would need 2 s to stop.
        return super().consume(limit, timeout, safety_interval, **kwargs)

    @property
    def accept(self) -> list[str]:
        return sorted(set(self.container.accept) | {ce.SERIALIZER_NAME, "json"})

    def get_consumers(self, consumer_cls: Any, channel: Any) -> Any:
        consumers = super().get_consumers(consumer_cls, channel)
        for provider, consumer in self._consumers.items():
            consumer.on_decode_error = partial(self._on_decode_error, provider)
        return consumers

    def _on_decode_error(self, provider: ReliableEventHandler, message: Any,
                         exc: Exception) -> None:
        provider.dead_letter(message, f"undecodable message: {exc}", type(exc).__name__)


class ReliableEventHandler(EventHandler):
    queue_consumer = SafeQueueConsumer()

    def __init__(self, source_service: str, event_type: str, **kwargs: Any) -> None:
        super().__init__(source_service, event_type, handler_type=SERVICE_POOL,
                         reliable_delivery=True, requeue_on_error=False, **kwargs)
        self.publisher: ConfirmingPublisher | None = None

    def setup(self) -> None:
        super().setup()
        config = self.container.config
        self.delays = tuple(config.get("EVENT_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))
        self.transient_delay = float(config.get("EVENT_TRANSIENT_RETRY_SECONDS", 5.0))
        self.transient_max = int(config.get("EVENT_TRANSIENT_MAX_RETRIES",
                                            DEFAULT_TRANSIENT_MAX_RETRIES))
        self.forward_pauses = Pauses(
            float(config.get("EVENT_FORWARD_RETRY_SECONDS", DEFAULT_FORWARD_PAUSES[0])),
            float(config.get("EVENT_FORWARD_RETRY_MAX_SECONDS", DEFAULT_FORWARD_PAUSES[1])))
        self.publisher = ConfirmingPublisher(config["AMQP_URI"], self.container.service_name,
                                             ssl=broker_ssl(config))

    def stop(self) -> None:
        super().stop()
        if self.publisher:
            self.publisher.close()

    def declared_queue(self) -> Queue:
        """The queue and binding nameko declares for this handler (its naming, arguments)."""
        EventHandler.setup(self)
        return self.queue

    @property
    def handler_name(self) -> str:
        return f"{self.container.service_name}.{self.method_name}"

    def handle_message(self, body: Any, message: Any) -> None:
        problems = _envelope_problems(body)
        if problems:
            self.dead_letter(message, f"not a portal CloudEvent: {problems}", "InvalidEvent")
            return
        context_data = self.unpack_message_headers(message)
        context_data["correlation_id"] = str(body.get("correlationid") or "") or None
        try:
            self.container.spawn_worker(self, (body,), {}, context_data=context_data,
                                        handle_result=partial(self.handle_result, message))
        except ContainerBeingKilled:
            self.queue_consumer.requeue_message(message)

    def handle_result(self, message: Any, worker_ctx: Any, result: Any = None,
                      exc_info: Any = None) -> tuple[Any, Any]:
        if exc_info is None:
            self.queue_consumer.ack_message(message)
        else:
            obs.HANDLER_FAILURES.labels(self.container.service_name, self.method_name).inc()
            try:
                self._retry_or_dead_letter(message, exc_info)
            except Exception:  # whatever went wrong, the message must not stay unacked
                log.exception("could not retry or dead-letter a message for %s",
                              self.handler_name)
                self._requeue_later(message, self.forward_pauses.next())
        return result, exc_info

    def _retry_or_dead_letter(self, message: Any, exc_info: Any) -> None:
        """Count the failure, delay and retry; dead-letter after the last delay.

        A database or broker outage is not the message's fault: it is retried
        every ``EVENT_TRANSIENT_RETRY_SECONDS`` without using up its attempts,
        but not forever (``EVENT_TRANSIENT_MAX_RETRIES``).
        """
        headers = message.headers or {}
        previous = count_in(headers, ATTEMPTS_HEADER)
        transient = count_in(headers, TRANSIENT_ATTEMPTS_HEADER)
        error = "".join(traceback.format_exception_only(exc_info[0], exc_info[1])).strip()
        if faults.is_transient(exc_info[1]):
            counts = {ATTEMPTS_HEADER: previous, TRANSIENT_ATTEMPTS_HEADER: transient + 1}
            if transient < self.transient_max:
                self._retry(message, counts, self.transient_delay, error)
            else:
                self.dead_letter(message, error, exc_info[0].__name__, counts=counts)
        elif previous + 1 > len(self.delays):
            self.dead_letter(message, error, exc_info[0].__name__,
                             counts={ATTEMPTS_HEADER: previous + 1})
        else:
            self._retry(message, {ATTEMPTS_HEADER: previous + 1, TRANSIENT_ATTEMPTS_HEADER: 0},
                        self.delays[previous], error)

    def _retry(self, message: Any, counts: dict[str, int], delay: float, error: str) -> None:
        headers = {**with_origin(message), **counts, "x-last-error": error[:1000]}
        self._forward(message, retry_queue(self.queue.name, delay), headers)

    def dead_letter(self, message: Any, error: str, error_type: str,
                    counts: dict[str, int] | None = None) -> None:
        """Move the message to ``<service>.dead-letter`` with why it failed."""
        headers = {**with_origin(message), ATTEMPTS_HEADER: 1, **(counts or {}),
                   "x-error": error[:4000], "x-error-type": error_type,
                   "x-handler": self.handler_name,
                   "x-dead-lettered-at": datetime.now(UTC).isoformat()}
        log.error("dead-lettered message for %s: %s", self.handler_name, error)
        if self._forward(message, dead_letter_queue(self.container.service_name), headers):
            obs.DEAD_LETTERS.labels(self.container.service_name, self.method_name).inc()

    def _forward(self, message: Any, queue: Queue, headers: dict[str, Any]) -> bool:
        properties = {name: message.properties[name] for name in PROPERTY_NAMES
                      if message.properties.get(name) is not None}
        try:
            assert self.publisher is not None
            self.publisher.publish_to_queue(queue, message.body, properties, headers)
        except Exception:
            pause = self.forward_pauses.next()
            log.exception("could not forward message to %s; requeueing it in %.1f s",
                          queue.name, pause)
            self._requeue_later(message, pause)
            return False
        self.forward_pauses.reset()
        self.queue_consumer.ack_message(message)
        return True

    def _requeue_later(self, message: Any, pause: float) -> None:
        """Give the message back after ``pause`` seconds, holding no worker meanwhile.

        If the service stops first, the broker takes the unacked message back itself.
        """
        def requeue() -> None:
            eventlet.sleep(pause)
            self.queue_consumer.requeue_message(message)

        self.container.spawn_managed_thread(requeue, identifier=f"{self.handler_name}.requeue")


def _envelope_problems(body: Any) -> Any:
    """What keeps ``body`` from being a valid envelope (nothing when it is one)."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    return ce.CloudEventSchema().validate(body)


class ReliableCommandHandler(ReliableEventHandler):
    """Consumes commands from the producer's **private** exchange ``<source>.commands``.

    A command ("send this invitation mail") travels like an event (a CloudEvent written
    through the producer's outbox, routing key its type) but on an exchange outside
    subscribers may not bind to, because it may carry a secret. Retries, transient
    faults and dead letters work exactly as for events; the queue is
    ``cmd-<source>-<type>--<service>.<method>``.
    """

    def setup(self) -> None:
        super().setup()
        self.queue: Queue = self._on_commands_exchange(self.queue)  # type: ignore[has-type]

    def declared_queue(self) -> Queue:
        return self._on_commands_exchange(super().declared_queue())

    def _on_commands_exchange(self, queue: Queue) -> Queue:
        exchange = Exchange(f"{self.source_service}.commands", type="topic", durable=True,
                            auto_delete=False, delivery_mode=2)
        return Queue(queue.name.replace("evt-", "cmd-", 1), exchange=exchange,
                     routing_key=self.event_type, durable=True, auto_delete=False,
                     exclusive=False)


event_handler = ReliableEventHandler.decorator
command_handler = ReliableCommandHandler.decorator
