"""The event hop against its floor, side by side on one broker (a part of `make bench`).

floor: plain kombu, a persistent message published with publisher confirms to a topic
exchange and consumed (acknowledged after the callback) from a durable queue on a
second connection — the least any reliable hop over this broker can cost.

kit hop: ``benchsource`` commits a row and its event in one transaction (outbox), its
relay publishes with confirms and marks the row sent, ``benchsink``'s idempotent
handler commits the inbox row with its own row (tests/bench/hop_services.py). Timed
from the command's call until the sink's worker finished (its transaction committed).

Messages go one at a time (latency, not throughput), in interleaved rounds so that a
change in the machine's load meets both alike. Prints one JSON object: the samples (ms)
and the CPU this process spent per message on each path (PostgreSQL's and RabbitMQ's
own CPU not counted), which other work on the machine hardly moves.
Usage: hop.py AMQP_URI DATABASE_URL [rounds] [per_round]
"""
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

from kombu import Connection, Consumer, Exchange, Producer, Queue  # noqa: E402
from nameko.containers import ServiceContainer  # noqa: E402
from nameko.testing.services import entrypoint_hook, entrypoint_waiter  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hop_services import BenchSink, BenchSource  # noqa: E402

WAIT = 10.0


class Floor:
    def __init__(self, amqp_uri: str) -> None:
        self.exchange = Exchange("bench.floor", "topic", durable=True)
        self.queue = Queue(f"bench.floor.{uuid.uuid4().hex[:8]}", self.exchange,
                           routing_key="#", durable=True, auto_delete=True)
        self.publishing = Connection(amqp_uri, transport_options={"confirm_publish": True})
        self.consuming = Connection(amqp_uri)
        self.producer = Producer(self.publishing.channel(), exchange=self.exchange)
        self.arrived: dict[str, eventlet.Event] = {}
        self.consumer = Consumer(self.consuming.channel(), [self.queue],
                                 callbacks=[self._received], accept=["json"])
        self.consumer.declare()
        self.consumer.consume()
        self.running = True
        self.thread = eventlet.spawn(self._drain)

    def _received(self, body: dict, message) -> None:
        event = self.arrived.get(body["id"])
        if event is not None:
            event.send(time.perf_counter())
        message.ack()

    def _drain(self) -> None:
        while self.running:
            try:
                self.consuming.drain_events(timeout=0.5)
            except TimeoutError:
                continue

    def once(self) -> float:
        key = uuid.uuid4().hex
        self.arrived[key] = done = eventlet.Event()
        started = time.perf_counter()
        self.producer.publish({"id": key, "note": "floor"}, routing_key="bench.floor",
                              serializer="json", delivery_mode=2, declare=[self.exchange])
        with eventlet.Timeout(WAIT):
            arrived = done.wait()
        del self.arrived[key]
        return (arrived - started) * 1000

    def close(self) -> None:
        self.running = False
        self.thread.wait()
        self.consumer.cancel()  # the queue deletes itself with its last consumer
        self.publishing.release()
        self.consuming.release()


class KitHop:
    def __init__(self, amqp_uri: str, database_url: str) -> None:
        config = {"AMQP_URI": amqp_uri, "DATABASE_URL": database_url,
                  "PORTAL_ENV": "development", "OUTBOX_SWEEP_SECONDS": 2.0,
                  "PORTAL_CLOCK_FILE": f"/tmp/portal-bench-clock-{uuid.uuid4().hex}",
                  "LOGGING": {"version": 1, "root": {"level": "WARNING"}}}
        self.sink = ServiceContainer(BenchSink, config)
        self.source = ServiceContainer(BenchSource, config)
        self.sink.start()
        self.source.start()

    def once(self) -> float:
        started = time.perf_counter()
        with (entrypoint_waiter(self.sink, "on_note", timeout=WAIT),
              entrypoint_hook(self.source, "add") as add):
            add(uuid.uuid4().hex)
        return (time.perf_counter() - started) * 1000

    def close(self) -> None:
        self.source.stop()
        self.sink.stop()


def main(amqp_uri: str, database_url: str, rounds: int = 6, per_round: int = 50) -> None:
    floor, hop = Floor(amqp_uri), KitHop(amqp_uri, database_url)
    samples: dict[str, list[float]] = {"floor": [], "kit": []}
    cpu = {"floor": 0.0, "kit": 0.0}  # this process's CPU (both ends of each hop), s
    try:
        for _ in range(5):  # warm up connections, pools and caches
            floor.once()
            hop.once()
        for _ in range(rounds):
            for name, one in (("floor", floor.once), ("kit", hop.once)):
                began = time.process_time()
                samples[name] += [one() for _ in range(per_round)]
                cpu[name] += time.process_time() - began
    finally:
        hop.close()
        floor.close()
    count = rounds * per_round
    print(json.dumps(dict(samples, cpu_ms_per_message={
        name: round(seconds * 1000 / count, 3) for name, seconds in cpu.items()})))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *map(int, sys.argv[3:5]))
