"""The unit of work: one transaction, rolled back unless told to commit.

On commit it turns the domain events its aggregates recorded into CloudEvents
(their data checked against its published schema) and writes them to the
outbox in the same transaction, then tells the relay.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from portal_kit import correlation
from portal_kit import events as ce
from portal_kit.clock import Clock
from portal_kit.inbox import Inbox
from portal_kit.outbox import OutboxWriter


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
                 on_commit: Callable[[], None] = lambda: None) -> None:
        self.session_factory = session_factory
        self.outbox = outbox
        self.inbox = inbox
        self.translate = translate
        self.clock = clock
        self.on_commit = on_commit
        self.seen: list[Aggregate] = []

    def __enter__(self) -> UnitOfWork:
        self.session = self.session_factory()
        self.seen = []
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

    def commit(self) -> None:
        for domain_event in self.collect_new_events():
            self.outbox.add(self.session, self.translate(domain_event))
        self.session.commit()
        self.on_commit()

    def collect_new_events(self) -> Iterator[Any]:
        for aggregate in self.seen:
            while aggregate.events:
                yield aggregate.events.pop(0)

    def record_inbox(self, event: dict[str, Any], consumer: str) -> bool:
        return self.inbox.record(self.session, event, consumer)
