"""Open-loop load for `make bench`: calls at a fixed rate, and each process's memory meanwhile.

``fixed_rate`` starts call *i* at ``i / rate`` seconds whatever the earlier calls are
doing (a small pool of threads), and times each from its scheduled start, so a slow
answer delays the ones queued behind it in the figures too (no coordinated omission).
It drives any call: a page of the web front end today, a sign-off's approve once it
exists (issue 9), with ``Subscriber`` timing the event's arrival outside the portal.
"""
from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from kombu import Connection, Consumer, Exchange, Queue


@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    behind_ms: float = 0.0  # how late the last call started against its schedule


def fixed_rate(call: Callable[..., object], rate: float, duration: float,
               workers: int = 16, pass_schedule: bool = False,
               late_limit_s: float | None = None) -> Run:
    """Call ``call`` ``rate`` times a second for ``duration`` seconds; ms from schedule
    (``pass_schedule``: each call is given its scheduled perf_counter time). A call that
    could not start within ``late_limit_s`` of its schedule is not made but counted as the
    failure ``TooLate``, so a service far slower than the rate cannot stretch the run."""
    run, lock = Run(), threading.Lock()
    began = time.perf_counter()

    def one(scheduled: float) -> None:
        if late_limit_s is not None and time.perf_counter() - scheduled > late_limit_s:
            with lock:
                run.failures["TooLate"] = run.failures.get("TooLate", 0) + 1
            return
        try:
            call(scheduled) if pass_schedule else call()
        except Exception as exc:  # counted, reported, never hidden
            with lock:
                name = type(exc).__name__
                run.failures[name] = run.failures.get(name, 0) + 1
            return
        with lock:
            run.latencies_ms.append((time.perf_counter() - scheduled) * 1000)

    with ThreadPoolExecutor(workers) as pool:
        for i in range(int(rate * duration)):
            scheduled = began + i / rate
            time.sleep(max(0.0, scheduled - time.perf_counter()))
            run.behind_ms = max(0.0, (time.perf_counter() - scheduled) * 1000)
            pool.submit(one, scheduled)
    return run


class MemorySampler:
    """The largest resident memory (MiB) each named process reached while it ran."""

    def __init__(self, processes: Callable[[], dict[str, int]],
                 rss_kib: Callable[[int], int | None], interval: float = 0.2) -> None:
        self.processes, self.rss_kib, self.interval = processes, rss_kib, interval
        self.peak: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            for name, pid in self.processes().items():
                kib = self.rss_kib(pid)
                if kib is not None:
                    self.peak[name] = max(self.peak.get(name, 0.0), round(kib / 1024, 1))
            self._stop.wait(self.interval)


class Subscriber:
    """An outside AMQP client bound to ``exchange`` (all routing keys): when the first
    event with each ``key(event)`` arrived (perf_counter; events keyed None are ignored),
    as any subscriber of the portal's events would see it. ``durable``: its own durable
    queue (as a real subscriber keeps one), deleted on ``close``; else an exclusive one.
    ``deliveries`` counts every delivery of each key (at least once: more than one is a
    redelivery)."""

    def __init__(self, amqp_uri: str, exchange: str,
                 key: Callable[[dict], str | None] = lambda event: event["id"],
                 durable: bool = False) -> None:
        self.arrived: dict[str, float] = {}
        self.deliveries: dict[str, int] = {}
        self.key = key
        self.connection = Connection(amqp_uri)
        self.queue = Queue(f"bench.subscriber.{uuid.uuid4().hex[:8]}",
                           Exchange(exchange, "topic", durable=True), routing_key="#",
                           durable=durable, exclusive=not durable, auto_delete=not durable)
        self.consumer = Consumer(self.connection.channel(), [self.queue], accept=None,
                                 on_message=self._received)
        self.consumer.consume()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _received(self, message) -> None:
        now, key = time.perf_counter(), self.key(json.loads(message.body))
        if key is not None:
            self.arrived.setdefault(key, now)
            self.deliveries[key] = self.deliveries.get(key, 0) + 1
        message.ack()

    def _drain(self) -> None:
        while not self._stop.is_set():
            try:
                self.connection.drain_events(timeout=0.5)
            except TimeoutError:
                continue

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.consumer.cancel()
        if self.queue.durable:
            self.queue.bind(self.connection.default_channel).delete()
        self.connection.release()
