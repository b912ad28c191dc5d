"""The nameko side of the kit: one dependency that runs a service's application.

``Runtime(bootstrap)`` builds the application in ``setup`` (never at import),
runs the outbox relay beside the workers, sets each worker's correlation id,
and gives workers a narrow ``ServiceHandle``.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

import eventlet
from nameko.extensions import DependencyProvider
from sqlalchemy import text
from werkzeug.wrappers import Request

from portal_kit import auth, correlation
from portal_kit import observability as obs
from portal_kit.amqp import broker_reachable
from portal_kit.broker_tls import broker_ssl, check_broker_certificate
from portal_kit.health import BrokerWatch
from portal_kit.principal import Principal
from portal_kit.relay_loop import RelayLoop
from portal_kit.wiring import App

log = logging.getLogger(__name__)

Bootstrap = Callable[..., App]


class Runtime(DependencyProvider):
    def __init__(self, bootstrap: Bootstrap) -> None:
        self.bootstrap = bootstrap

    def setup(self) -> None:
        config = self.container.config
        obs.quiet_expected_failures()
        # A refused certificate never mends: stop here rather than retry for ever.
        check_broker_certificate(config["AMQP_URI"], broker_ssl(config))
        self.kicked = threading.Event()
        self.stopping = False
        self.app = self.bootstrap(config, on_commit=self.kicked.set)
        name = self.app.name
        self.loop = RelayLoop(
            self.app.relay, float(config.get("OUTBOX_SWEEP_SECONDS", 2.0)),
            on_error=lambda exc: obs.RELAY_FAILURES.labels(name).inc(),
            on_published=lambda n: obs.EVENTS_PUBLISHED.labels(name).inc(n),
            kicks=self.kicked, sleep=eventlet.sleep,
            housekeeping=self.app.pruner.prune if self.app.pruner else lambda: None)
        self.verifier = auth.JwtVerifier(self.app.jwks or auth.http_jwks(_jwks_url(config)),
                                         issuer=_issuer(config),
                                         audience=config.get("TOKEN_AUDIENCE", "portal"),
                                         max_age=float(config.get("JWKS_REFRESH_SECONDS", 300)))
        self.broker = BrokerWatch(
            lambda: broker_reachable(self.app.amqp_uri, ssl=self.app.amqp_ssl),
            lambda up: obs.BROKER_UP.labels(name).set(1 if up else 0),
            lambda check: self.container.spawn_managed_thread(check, identifier="broker-check"),
            max_age=float(config.get("BROKER_CHECK_SECONDS", 5.0)))

    def start(self) -> None:
        self.relay_thread = self.container.spawn_managed_thread(
            self._relay_forever, identifier="outbox-relay")
        self.broker.refresh()

    def stop(self) -> None:
        self.stopping = True
        self.kicked.set()
        self.relay_thread.wait()
        self.app.relay.close()
        self.app.engine.dispose()

    def kill(self) -> None:
        self.stopping = True
        self.relay_thread.kill()

    def _relay_forever(self) -> None:
        self.loop.run(lambda: not self.stopping)

    def worker_setup(self, worker_ctx: Any) -> None:
        correlation.set(worker_ctx.data.get("correlation_id") or correlation.new())

    def get_dependency(self, worker_ctx: Any) -> ServiceHandle:
        return ServiceHandle(self)

    def checks(self) -> dict[str, bool]:
        """What the pod needs to answer HTTP: its database (the broker is only reported)."""
        return {"database": self._database_ok()}

    def broker_state(self) -> str:
        """``up``, ``down`` or ``unknown`` from the last background check; starts a new one."""
        self.broker.refresh()
        return self.broker.state()

    def _database_ok(self) -> bool:
        try:
            with self.app.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def refresh_outbox_gauges(self) -> None:
        count, oldest = self.app.relay.depth()
        age = (self.app.relay.clock.now() - oldest).total_seconds() if oldest else 0.0
        obs.OUTBOX_PENDING.labels(self.app.name).set(count)
        obs.OUTBOX_OLDEST_AGE.labels(self.app.name).set(age)
        obs.OUTBOX_PARKED.labels(self.app.name).set(self.app.relay.parked())


class ServiceHandle:
    """What a worker may use: the bus, the authenticator, health and metrics."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self.bus = runtime.app.bus
        self.container = runtime.container
        self.extras = runtime.app.extras

    def handle(self, command: Any) -> Any:
        return self.bus.handle(command)

    def handle_event(self, event: dict[str, Any]) -> None:
        self.bus.handle_event(event)

    def query(self, view: Callable[..., Any], **arguments: Any) -> Any:
        return self.bus.query(view, **arguments)

    def authenticate(self, request: Request, role: str | None = None,
                     allow_registration_pending: bool = False) -> Principal:
        """The verified principal; a registration-limited token only where allowed."""
        token = auth.bearer_token(request.headers.get("Authorization"))
        principal = self._runtime.verifier.verify(token)
        if not allow_registration_pending:
            auth.refuse_pending_registration(principal)
        return auth.require_role(principal, role) if role else principal

    def checks(self) -> dict[str, bool]:
        return self._runtime.checks()

    def broker_state(self) -> str:
        return self._runtime.broker_state()

    def metrics(self) -> bytes:
        self._runtime.broker.refresh()
        try:
            self._runtime.refresh_outbox_gauges()
        except Exception:
            log.warning("outbox gauges not refreshed: database unavailable")
        return obs.render_metrics()


def _jwks_url(config: Mapping[str, Any]) -> str:
    identity = str(config.get("IDENTITY_URL", "http://127.0.0.1:8001")).rstrip("/")
    return config.get("JWKS_URL") or f"{identity}/api/identity/.well-known/jwks.json"


def _issuer(config: Mapping[str, Any]) -> str:
    base = str(config.get("PUBLIC_BASE_URL", "http://localhost:8000")).rstrip("/")
    return config.get("TOKEN_ISSUER") or f"{base}/api/identity"
