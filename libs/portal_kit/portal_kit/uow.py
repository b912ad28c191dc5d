"""The unit of work: one transaction, rolled back unless told to commit.

On commit it turns the domain events its aggregates recorded into CloudEvents
(their data checked against its published schema) and writes them to the
outbox, and writes the audit entries its aggregates recorded (and those given
to ``record_audit``) to the audit log, all in the same transaction; then it
tells the relay.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from portal_kit import correlation
from portal_kit import events as ce
from portal_kit.audit import AuditEntry, AuditNotConfigured
from portal_kit.audit_log import AuditWriter
from portal_kit.clock import Clock
from portal_kit.inbox import Inbox
from portal_kit.outbox import WRITTEN, OutboxWriter


class Aggregate(Protocol):
    events: list[Any]


class EventTranslator:
    """Domain event -> CloudEvent dict, through the service's explicit spec table."""

    def __init__(self, source: str, specs: dict[type, ce.EventSpec], clock: Clock,
                 schema_base: str) -> None:
        self.source = source
        self.specs = specs
        self.clock = clock
        self.schema_base = schema_base.rstrip("/")

    def __call__(self, domain_event: Any) -> dict[str, Any]:
        spec = self.specs[type(domain_event)]
        return ce.envelope(
            source=self.source, type=spec.type, subject=spec.subject(domain_event),
            data=_checked_data(spec, domain_event), time=self.clock.now(),
            correlation_id=correlation.get(),
            dataschema=f"{self.schema_base}/{spec.type}.json")


def _checked_data(spec: ce.EventSpec, domain_event: Any) -> dict[str, Any]:
    """The event's data, refused (a programming error) unless its own schema loads it back."""
    data: dict[str, Any] = spec.schema.dump(domain_event)
    errors = spec.schema.validate(data)
    if errors:
        raise ValueError(f"event {spec.type} does not match its schema: {errors}")
    return data


class UnitOfWork:
    """Base of every service's unit of work; subclasses add repositories in ``open``."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session], outbox: OutboxWriter,
                 inbox: Inbox, translate: EventTranslator, clock: Clock,
                 on_commit: Callable[[], None] = lambda: None,
                 audit: AuditWriter | None = None) -> None:
        self.session_factory = session_factory
        self.outbox = outbox
        self.inbox = inbox
        self.translate = translate
        self.clock = clock
        self.on_commit = on_commit
        self.audit = audit
        self.seen: list[Aggregate] = []
        self.audit_entries: list[AuditEntry] = []

    def __enter__(self) -> UnitOfWork:
        self.session = self.session_factory()
        self.seen = []
        self.audit_entries = []
        self.open(self.session)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        # close() rolls back what was not committed and detaches objects
        # without expiring them, so results stay readable after the block.
        self.session.close()

    def open(self, session: Session) -> None:
        """Create the service's repositories on ``session``."""

    def track(self, aggregate: Aggregate) -> Any:
        if aggregate not in self.seen:
            self.seen.append(aggregate)
        return aggregate

    def record_audit(self, entry: AuditEntry) -> None:
        """Write ``entry`` to the audit log with this unit of work's commit."""
        self._audit_writer()
        self.audit_entries.append(entry)

    def commit(self) -> None:
        for domain_event in self.collect_new_events():
            self.outbox.add(self.session, self.translate(domain_event))
        entries = [*self.collect_new_audit(), *self.audit_entries]
        if entries:
            self._audit_writer().write(self.session, entries)
        self.audit_entries = []
        self.session.commit()
        if self.session.info.pop(WRITTEN, False):
            self.on_commit()

    def collect_new_audit(self) -> Iterator[AuditEntry]:
        for aggregate in self.seen:
            recorded = getattr(aggregate, "audit", None) or []
            while recorded:
                yield recorded.pop(0)

    def _audit_writer(self) -> AuditWriter:
        if self.audit is None:
            raise AuditNotConfigured("this service has no audit table: pass "
                                     "ServiceParts(..., audit_table=...) to record audit entries")
        return self.audit

    def collect_new_events(self) -> Iterator[Any]:
        for aggregate in self.seen:
            while aggregate.events:
                yield aggregate.events.pop(0)

    def record_inbox(self, event: dict[str, Any], consumer: str) -> bool:
        return self.inbox.record(self.session, event, consumer)
