"""Plain kombu publishing with publisher confirms (used by the relay and dead-lettering)."""
from __future__ import annotations

import logging
import threading
from typing import Any

from amqp.exceptions import ChannelError, MessageNacked
from kombu import Connection, Exchange, Producer, Queue

from portal_kit import events as ce
from portal_kit.outbox import PublishRefused

PERSISTENT = 2
log = logging.getLogger(__name__)


def topic_exchange(name: str) -> Exchange:
    """An events exchange (``<service>.events``), declared exactly as nameko declares it."""
    return Exchange(name, type="topic", durable=True, delivery_mode=PERSISTENT,
                    auto_delete=False)


def connect(amqp_uri: str, timeout: float = 5.0, name: str = "portal publisher",
            ssl: dict[str, Any] | None = None) -> Connection:
    """A publish-only connection: no heartbeats, as nothing would send them between
    publishes (the broker closed idle connections after two missed beats). ``ssl``:
    ``broker_tls.broker_ssl`` (the broker's certificate verified over ``amqps://``)."""
    return Connection(amqp_uri, connect_timeout=timeout, heartbeat=0, ssl=_copy(ssl),
                      transport_options={"confirm_publish": True, "max_retries": 0,
                                         "client_properties": {"connection_name": name}})


class ConfirmingPublisher:
    """Publishes with confirms over one connection, reconnecting after any failure."""

    def __init__(self, amqp_uri: str, app_id: str, timeout: float = 10.0,
                 ssl: dict[str, Any] | None = None) -> None:
        self.amqp_uri = amqp_uri
        self.app_id = app_id
        self.timeout = timeout
        self.ssl = ssl
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    def publish(self, exchange: str, routing_key: str, body: str,
                event: dict[str, Any]) -> None:
        """Publish one CloudEvent in structured mode; returns once the broker confirmed.

        Raises ``PublishRefused`` when the broker, reached, refuses this message (a
        channel error such as an exchange declared otherwise or no permission, or a
        nack); anything else means the broker cannot be used now.
        """
        with self._lock:
            try:
                channel = self._channel()
            except Exception:
                self.close()
                raise
            try:
                self._publish(channel, exchange, routing_key, body, event)
            except (ChannelError, MessageNacked) as exc:
                self.close()
                raise PublishRefused(f"{type(exc).__name__}: {exc}") from exc
            except Exception:
                self.close()
                raise

    def _publish(self, channel: Any, exchange: str, routing_key: str, body: str,
                 event: dict[str, Any]) -> None:
        producer = Producer(channel)
        producer.publish(
            body.encode("utf-8"), exchange=topic_exchange(exchange),
            routing_key=routing_key, content_type=ce.CONTENT_TYPE,
            content_encoding="utf-8", delivery_mode=PERSISTENT,
            message_id=event.get("id"), correlation_id=event.get("correlationid"),
            type=event.get("type"), app_id=self.app_id, retry=False,
            timeout=self.timeout, confirm_timeout=self.timeout,
            declare=[topic_exchange(exchange)])

    def publish_to_queue(self, queue: Queue, body: bytes, properties: dict[str, Any],
                         headers: dict[str, Any]) -> None:
        """Publish raw bytes to a declared queue through the default exchange."""
        with self._lock:
            try:
                producer = Producer(self._channel())
                producer.publish(body, exchange="", routing_key=queue.name,
                                 declare=[queue], headers=headers, retry=False,
                                 timeout=self.timeout, confirm_timeout=self.timeout,
                                 delivery_mode=PERSISTENT, **properties)
            except Exception:
                self.close()
                raise

    def _channel(self) -> Any:
        if self._connection is not None and not _still_open(self._connection):
            self.close()
        if self._connection is None:
            self._connection = connect(self.amqp_uri, self.timeout, f"{self.app_id} publisher",
                                       self.ssl)
            self._connection.ensure_connection(max_retries=1)
        return self._connection.default_channel

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception as exc:  # already broken; nothing to release
                log.debug("closing a broken connection: %s", exc)
            self._connection = None


def _still_open(connection: Connection) -> bool:
    """False when the broker closed the connection while it sat idle (a restart, an
    operator, a proxy): the close waits unread on the socket until we look."""
    try:
        connection.drain_events(timeout=0)
    except TimeoutError:  # nothing arrived: open as far as we can tell
        return True
    except Exception as exc:
        log.info("publisher connection was closed while idle (%s); reconnecting", exc)
        return False
    return True


def broker_reachable(amqp_uri: str, timeout: float = 2.0,
                     ssl: dict[str, Any] | None = None) -> bool:
    try:
        with Connection(amqp_uri, connect_timeout=timeout, ssl=_copy(ssl)) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception:
        return False


def _copy(ssl: dict[str, Any] | None) -> dict[str, Any] | bool:
    """kombu fills in a missing ``server_hostname`` in the dict it is given: one each."""
    return dict(ssl) if ssl else False
