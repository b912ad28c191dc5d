"""What the fault suite does to the running portal and how it checks the outcome.

``Agreements`` registers organisations and signs their agreements through the origin as
the operator does, retrying what a fault interrupted (a 503 while a database is away, a
refused connection while a service restarts), and keeps every status it met. ``Outside``
is a subscriber of the portal's events with its own durable queue, as any outside system
would bind one. ``Faults`` injects faults into this portal only: it terminates the
backends of the portal's own databases, SIGKILLs the portal's own service processes (the
launcher restarts them), and closes the AMQP connections of the portal's own vhost;
never the shared PostgreSQL or RabbitMQ servers. The same shapes take sign-offs (issue 9)
once they exist: a workload that records what was acknowledged, and a check of what
arrived.
"""
from __future__ import annotations

import json
import os
import signal
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg2
import requests
from kombu import Connection, Exchange, Queue

from e2e_portal import organisation_number

RETRY_FOR = 180.0  # a loaded machine restarts a killed service in tens of seconds
TRANSIENT = (502, 503, 504)


@dataclass
class Signed:
    organisation_id: str
    email: str


@dataclass
class Agreements:
    """Register and sign ``count`` agreements one after another, through every fault."""

    url: str
    operator: Callable[[], dict[str, str]]  # the current headers (OperatorToken)
    statuses: Counter = field(default_factory=Counter)
    signed: list[Signed] = field(default_factory=list)
    retries: int = 0

    def run(self, count: int) -> None:
        for number in range(count):
            email = f"fault-{number}-{uuid.uuid4().hex[:8]}@kommune.no"
            organisation = self._register(email)
            self._sign(organisation)
            self.signed.append(Signed(organisation, email))

    def _register(self, email: str) -> str:
        number = organisation_number()
        body = {"name": f"Feil kommune {number}", "kind": "municipality", "country": "NO",
                "organisation_number": number, "contact_email": email}
        answer = self._call("POST", "/api/identity/v1/organisations", body,
                            done=(201, 409))
        if answer.status_code == 201:
            return answer.json()["id"]
        # 409: an attempt the fault cut off had registered it; find it by its number
        listed = self._call("GET", "/api/identity/v1/organisations", None, done=(200,))
        return next(o["id"] for o in listed.json() if o["organisation_number"] == number)

    def _sign(self, organisation: str) -> None:
        answer = self._call("POST", f"/api/identity/v1/organisations/{organisation}"
                            "/agreement/sign", {"signatory_name": "Ordfører"}, done=(200, 409))
        if answer.status_code == 409:  # signed by an attempt the fault cut off
            assert answer.json()["code"] == "agreement_already_signed", answer.text

    def _call(self, method: str, path: str, body: dict | None,
              done: tuple[int, ...]) -> requests.Response:
        deadline = time.monotonic() + RETRY_FOR
        while True:
            try:
                answer = requests.request(method, f"{self.url}{path}", json=body,
                                          headers=self.operator(), timeout=15)
                self.statuses[answer.status_code] += 1
                if answer.status_code in done:
                    return answer
                assert answer.status_code in TRANSIENT, f"{method} {path}: {answer.text}"
            except requests.ConnectionError:
                self.statuses["connection refused or reset"] += 1
            assert time.monotonic() < deadline, f"{method} {path} did not get through"
            self.retries += 1
            time.sleep(0.2)


class OperatorToken:
    """The operator's headers, with a new token once the one held is 5 minutes old (they
    live 15): a suite slowed down by a loaded machine outlives any one token."""

    LIFETIME = 300.0

    def __init__(self, portal) -> None:
        self.portal = portal
        self._lock = threading.Lock()
        self._headers: dict[str, str] = {}
        self._since = -self.LIFETIME

    def __call__(self) -> dict[str, str]:
        with self._lock:
            if time.monotonic() - self._since >= self.LIFETIME:
                self._headers, self._since = _retried(self.portal.operator), time.monotonic()
            return self._headers


def _retried(call, seconds: float = RETRY_FOR):
    """``call()``, again while the portal answers 502-504 or refuses (a fault is on)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return call()
        except (requests.ConnectionError, requests.Timeout, requests.HTTPError):
            assert time.monotonic() < deadline, "the operator's token did not come"
            time.sleep(0.5)


class Outside:
    """A durable queue of our own on ``exchange``; ``arrivals()`` drains it afterwards."""

    def __init__(self, amqp_uri: str, exchange: str, routing_key: str) -> None:
        self.amqp_uri = amqp_uri
        self.name = f"fault-outside-{uuid.uuid4().hex[:6]}"
        self.unreadable = 0
        with Connection(amqp_uri) as connection:
            Queue(self.name, Exchange(exchange, "topic", durable=True), routing_key=routing_key,
                  durable=True, channel=connection.default_channel).declare()

    def arrivals(self) -> list[dict]:
        found = []
        with Connection(self.amqp_uri) as connection:
            queue = Queue(self.name, durable=True, channel=connection.default_channel)
            while (message := queue.get(no_ack=True)) is not None:
                try:
                    found.append(json.loads(message.body))
                except ValueError:  # not an event: a poison message the suite sent
                    self.unreadable += 1
            queue.delete()
        return found


class Faults:
    """Injects one kind of fault every ``interval`` seconds until stopped. A fault that
    could not be injected (a server that would not come back) stops the injecting and is
    raised where the test waits for the faults or leaves them, so nothing waits for ever."""

    def __init__(self, inject, interval: float) -> None:
        self.inject, self.interval = inject, interval
        self.injected = 0
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Faults:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self.check()

    def check(self) -> None:
        if self.error is not None:
            raise AssertionError(f"a fault could not be injected: {self.error!r}") \
                from self.error

    def wait_for(self, least: int, timeout: float = 600) -> None:
        """Until ``least`` faults were injected (the workload may have finished first)."""
        deadline = time.monotonic() + timeout
        while self.injected < least:
            self.check()
            assert time.monotonic() < deadline, f"only {self.injected} of {least} faults"
            time.sleep(0.2)

    def _run(self) -> None:
        self._stop.wait(0.3)  # the first fault meets the first requests
        while not self._stop.is_set():
            try:
                self.injected += self.inject() or 0
            except BaseException as exc:  # noqa: BLE001 - raised in the test's thread
                self.error = exc
                return
            self._stop.wait(self.interval)


def terminate_backends(admin_url: str, database_urls: list[str]) -> int:
    """pg_terminate_backend on every connection to these (the portal's own) databases."""
    names = [urlsplit(url).path.lstrip("/") for url in database_urls]
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE datname = ANY(%s) AND pid <> pg_backend_pid()", (names,))
            return int(cursor.fetchone()[0])
    finally:
        connection.close()


def service_pids(launcher_pid: int) -> dict[str, int]:
    """The portal's own service processes (children of its launcher), by service."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_text().replace("\0", " ")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) != launcher_pid:
            continue
        for service in ("identity", "invitations", "competencies", "documents",
                        "notifications"):
            if f"services/{service}/config.yml" in cmdline:
                found[service] = int(entry.name)
    return found


def kill_nine(launcher_pid: int, services: list[str]) -> int:
    """SIGKILL the first of ``services`` that is running, then move it to the back."""
    running = service_pids(launcher_pid)
    for service in list(services):
        if service in running:
            services.append(services.pop(services.index(service)))
            os.kill(running[service], signal.SIGKILL)
            return 1
    return 0


def close_connections(vhost) -> int:
    """Close every AMQP connection of the portal's own vhost (the management API)."""
    closed = 0
    for connection in vhost.connections():
        try:
            vhost.close_connection(connection["name"])
            closed += 1
        except requests.HTTPError:  # gone already
            pass
    return closed


def unsent_outbox_rows(database_url: str) -> int:
    connection = psycopg2.connect(database_url.replace("postgresql+psycopg2", "postgresql"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
            return int(cursor.fetchone()[0])
    finally:
        connection.close()


def deliveries_to(database_url: str, addresses: list[str]) -> list[tuple]:
    """Notifications' delivery rows to these addresses: what became of a mail not seen."""
    connection = psycopg2.connect(database_url.replace("postgresql+psycopg2", "postgresql"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT address, status, attempts, created_at, claimed_at, sent_at, "
                           "last_error, now() FROM deliveries WHERE address = ANY(%s)",
                           (addresses,))
            return cursor.fetchall()
    finally:
        connection.close()


def dead_letters(vhost) -> dict[str, int]:
    """Messages waiting in each dead-letter queue of the portal's own vhost."""
    queues = vhost.api("GET", f"/api/queues/{quote(vhost.name, safe='')}").json()
    return {q["name"]: q.get("messages", 0) for q in queues if "dead-letter" in q["name"]}


def publish_poison(amqp_uri: str, exchange: str, routing_key: str) -> str:
    """A message on ``exchange`` that is no CloudEvent (its consumers cannot read it, so
    it belongs in their dead-letter queues); returns the marker its body carries."""
    marker = f"poison-{uuid.uuid4().hex[:8]}"
    with Connection(amqp_uri) as connection:
        connection.Producer().publish(
            f"{{not json: {marker}".encode(), exchange=Exchange(exchange, "topic", durable=True),
            routing_key=routing_key, content_type="application/cloudevents+json",
            content_encoding="utf-8", delivery_mode=2)
    return marker


def drain(amqp_uri: str, queue_name: str) -> list[str]:
    """Take every message out of a (dead-letter) queue; their bodies."""
    with Connection(amqp_uri) as connection:
        queue = Queue(queue_name, durable=True, channel=connection.default_channel)
        bodies = []
        while (message := queue.get(no_ack=True)) is not None:
            bodies.append(message.body.decode("utf-8", "replace")
                          if isinstance(message.body, bytes) else str(message.body))
        return bodies
