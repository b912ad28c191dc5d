"""The portal's parts as the national operator deploys them: one entry per process.

What can be read from the code is read from it, so the manifests follow the code:
- the queues each service consumes, with their exchanges and routing keys, come
  from its nameko handlers (``portal_kit.topology.consumer_queues``);
- whom each calls over HTTP comes from the ``<SERVICE>_URL`` settings its
  configuration reads (``config.yml``; the web front end's ``web/config.py``).
What cannot be read from the code is written here: secrets, volumes, sizes, and
the outside systems each reaches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("identity", "invitations", "competencies", "documents", "notifications")
IMAGE_REGISTRY = "ghcr.io/portal"
PORT = 8000


@dataclass(frozen=True)
class Outside:
    """A system outside the cluster an app reaches (egress by port; overlays narrow it)."""
    what: str
    ports: tuple[int, ...]


@dataclass(frozen=True)
class Volume:
    name: str
    path: str
    size: str
    why: str


@dataclass(frozen=True)
class Consumed:
    queue: str
    exchange: str
    routing_key: str


@dataclass(frozen=True)
class App:
    name: str
    summary: str
    secrets: dict[str, tuple[str, str]] = field(default_factory=dict)  # env -> (Secret, key)
    secret_sources: tuple[str, ...] = ()  # Secrets read whole (envFrom)
    outside: tuple[Outside, ...] = ()
    volumes: tuple[Volume, ...] = ()
    requests: tuple[str, str] = ("100m", "192Mi")
    limits: tuple[str, str] = ("1", "512Mi")
    replicas: tuple[int, int] = (2, 6)  # autoscaling's minimum and maximum
    after_migration: tuple[tuple[str, ...], ...] = ()  # commands run once migrated (data loads)

    @property
    def is_web(self) -> bool:
        return self.name == "web"

    @property
    def image(self) -> str:
        return f"{IMAGE_REGISTRY}/{self.name}"

    @property
    def labels(self) -> dict[str, str]:
        return {"app.kubernetes.io/name": self.name, "app.kubernetes.io/part-of": "portal"}

    @property
    def database(self) -> str:
        """The CloudNativePG cluster (and database) of this app."""
        return f"{self.name}-db"

    @property
    def database_secret(self) -> tuple[str, str]:
        """The Secret CloudNativePG writes for the database's owner: ``uri`` is its URL."""
        return (f"{self.database}-app", "uri")

    @property
    def broker_secret(self) -> str:
        """``username``, ``password`` (the broker user's) and ``uri`` (AMQP_URI)."""
        return f"{self.name}-amqp"

    @property
    def reads(self) -> set[str]:
        """The environment variables the app's configuration reads."""
        if self.is_web:
            code = "".join((ROOT / "services/web" / f).read_text()
                           for f in ("web/config.py", "gunicorn.conf.py"))
            return set(re.findall(r'get\("([A-Z0-9_]+)"', code)) | {
                f"{s.upper()}_URL" for s in SERVICES}
        text = (ROOT / "services" / self.name / "config.yml").read_text()
        return set(re.findall(r"\$\{([A-Z0-9_]+)", text)) - {"VAR"}

    @property
    def calls(self) -> tuple[str, ...]:
        """The services it calls in the cluster (their ``<SERVICE>_URL`` settings)."""
        return tuple(s for s in SERVICES if s != self.name and
                     ({f"{s.upper()}_URL", f"{s.upper()}_JWKS_URL"} & self.reads))

    @cached_property
    def consumes(self) -> tuple[Consumed, ...]:
        if self.is_web:
            return ()
        return tuple(Consumed(q.name, q.exchange.name, q.routing_key)
                     for q in _consumer_queues(self.name) if q.exchange and q.exchange.name)

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.name}.dead-letter"

    @property
    def queue_pattern(self) -> str:
        """Its consumer queues (nameko's names), not their retry queues."""
        return rf"^(evt|cmd)-.+--{self.name}\.[a-z_]+$"


def _consumer_queues(service: str) -> list:
    """nameko's own declarations (the caller has monkey-patched, as every nameko process)."""
    from nameko.cli.run import import_service

    from portal_kit.topology import consumer_queues
    return [queue for cls in import_service(f"{service}.entrypoints.service")
            for queue in consumer_queues(cls, "memory://")]


IDENTITY_SECRETS = ("IDENTITY_SIGNING_KEY", "OPERATOR_CLIENT_SECRET", "WEB_CLIENT_SECRET",
                    "IDENTITY_NATIONAL_ID_KEY", "IDENTITY_BROKER_CLIENT_KEY")

APPS: tuple[App, ...] = (
    App("identity",
        "Identity: people, organisations, agreements, eID login and the portal's tokens.",
        secrets={name: ("identity", name) for name in IDENTITY_SECRETS},
        outside=(Outside("the eID brokers (HelseID, NemLog-in) over HTTPS", (443,)),)),
    App("invitations",
        "Invitations and appointments, registration tickets (its own signing key).",
        secrets={"INVITATIONS_SIGNING_KEY": ("invitations", "INVITATIONS_SIGNING_KEY")}),
    App("competencies", "Competencies: curricula, programmes, sign-offs and attestations.",
        # the shipped curricula, all or none; loading them again changes nothing
        after_migration=(("python", "-m", "competencies.manage", "load-curricula"),)),
    App("documents", "Documents: uploaded evidence, bytes in an S3-compatible object store.",
        secrets={"DOCUMENTS_S3_ACCESS_KEY_ID": ("documents-s3", "ACCESS_KEY_ID"),
                 "DOCUMENTS_S3_SECRET_ACCESS_KEY": ("documents-s3", "SECRET_ACCESS_KEY")},
        outside=(Outside("the S3-compatible object store over HTTPS", (443,)),),
        volumes=(Volume("spool", "/var/spool/documents", "1Gi",
                        "uploads are spooled to disk while they arrive (~50 of 20 MB)"),),
        limits=("1", "768Mi")),
    App("notifications", "Notifications: e-mail and SMS from templates, the delivery log.",
        secret_sources=("notifications-smtp", "notifications-sms", "notifications-links"),
        outside=(Outside("the mail relay (SMTP submission)", (587, 465, 25)),
                 Outside("the SMS gateway over HTTPS", (443,)))),
    App("web", "The web front end (backend-for-frontend): every page, sessions in its database.",
        secrets={"WEB_CLIENT_SECRET": ("identity", "WEB_CLIENT_SECRET"),
                 "WEB_SECRET_KEY": ("web", "WEB_SECRET_KEY")},
        requests=("100m", "160Mi"), limits=("1", "384Mi")),
)
