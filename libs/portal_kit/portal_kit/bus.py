"""The message bus: routes commands and incoming events to handler functions.

Routing is two explicit dicts; dependencies (clock, mailer, ...) are injected
by parameter name once, when the bus is built.
"""
from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any


def inject(handler: Callable[..., Any], dependencies: dict[str, Any]) -> Callable[..., Any]:
    wanted = inspect.signature(handler).parameters
    given = {name: dep for name, dep in dependencies.items() if name in wanted}
    return functools.partial(handler, **given)


class MessageBus:
    def __init__(self, uow_factory: Callable[[], Any],
                 command_handlers: dict[type, Callable[..., Any]],
                 event_handlers: dict[str, list[Callable[..., Any]]],
                 dependencies: dict[str, Any] | None = None) -> None:
        deps = dependencies or {}
        self.uow_factory = uow_factory
        self.command_handlers = {t: inject(h, deps) for t, h in command_handlers.items()}
        self.event_handlers = {t: [inject(h, deps) for h in hs]
                               for t, hs in event_handlers.items()}

    def handle(self, command: Any) -> Any:
        """Run the one handler of a command in a fresh unit of work; return its result."""
        return self.command_handlers[type(command)](command, self.uow_factory())

    def handle_event(self, event: dict[str, Any]) -> None:
        """Run every handler subscribed to the CloudEvent's type."""
        for handler in self.event_handlers.get(event["type"], []):
            handler(event, self.uow_factory())

    def query(self, view: Callable[..., Any], **arguments: Any) -> Any:
        """Run a read-only view function on a fresh unit of work."""
        return view(self.uow_factory(), **arguments)
