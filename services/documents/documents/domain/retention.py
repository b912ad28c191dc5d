"""How long each kind of document is kept: a period per kind from configuration, or for good."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from documents.domain.model import Document, DocumentKind, DocumentState

GONE = (DocumentState.WITHDRAWN, DocumentState.ERASED)


@dataclass(frozen=True)
class RetentionPolicy:
    """``periods`` maps a kind to how long after upload it is kept; a kind not named is kept."""

    periods: Mapping[DocumentKind, timedelta] = field(default_factory=dict)

    def expires_at(self, document: Document) -> datetime | None:
        period = self.periods.get(document.kind)
        return document.uploaded_at + period if period is not None else None

    def expired(self, document: Document, now: datetime) -> bool:
        ends = self.expires_at(document)
        return document.state not in GONE and ends is not None and ends <= now

    def reason(self, document: Document) -> str:
        period = self.periods[document.kind]
        return (f"The retention period for {document.kind.value} documents "
                f"({period.days} days after upload) has passed.")

    @classmethod
    def parse(cls, text: str) -> RetentionPolicy:
        """``"course_certificate=3650d, other=365d"``; empty means every kind is kept."""
        periods: dict[DocumentKind, timedelta] = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            kind, _, days = item.partition("=")
            if not days.strip().endswith("d") or not days.strip()[:-1].isdigit():
                raise ValueError(f"retention {item!r}: write <kind>=<days>d, e.g. other=365d")
            periods[DocumentKind(kind.strip())] = timedelta(days=int(days.strip()[:-1]))
        return cls(periods)
