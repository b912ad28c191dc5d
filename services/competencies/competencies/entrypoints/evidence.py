"""Documents' events in: paper evidence shown beside what it supports and, where the
curriculum asks for confirmed paper documents, counted toward completion."""
from __future__ import annotations

from typing import Any

from portal_contracts import documents
from portal_kit.messaging import event_handler
from portal_kit.runtime import Runtime


class EvidenceHandlers:
    runtime: Runtime

    @event_handler("documents", documents.DOCUMENT_UPLOADED)
    def on_document_uploaded(self, event: dict[str, Any]) -> None:
        """A trainee uploaded a paper document: it awaits confirmation."""
        self.runtime.handle_event(event)

    @event_handler("documents", documents.DOCUMENT_CONFIRMED)
    def on_document_confirmed(self, event: dict[str, Any]) -> None:
        """A paper document was confirmed: shown beside its item or attestation, and it
        counts where the curriculum asks for confirmed paper (the programme may complete)."""
        self.runtime.handle_event(event)

    @event_handler("documents", documents.DOCUMENT_REJECTED)
    def on_document_rejected(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("documents", documents.DOCUMENT_WITHDRAWN)
    def on_document_withdrawn(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)

    @event_handler("documents", documents.DOCUMENT_ERASED)
    def on_document_erased(self, event: dict[str, Any]) -> None:
        """An erased document no longer counts."""
        self.runtime.handle_event(event)
