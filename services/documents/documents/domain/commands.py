"""What people ask documents to do. An upload's bytes arrive as an iterable of chunks."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from documents.domain.access import Actor
from documents.domain.library import LibraryCategory
from documents.domain.model import DocumentKind, Link


@dataclass(frozen=True)
class Body:
    """An upload as it arrives: chunks of bytes, the name the client gave, the declared size."""

    chunks: Iterable[bytes]
    filename: str | None = None
    declared_size: int | None = None


@dataclass(frozen=True)
class UploadDocument:
    actor: Actor
    body: Body
    kind: DocumentKind
    description: str
    enrolment_id: str | None = None
    link: Link = field(default_factory=Link)


@dataclass(frozen=True)
class ConfirmDocument:
    actor: Actor
    document_id: str


@dataclass(frozen=True)
class RejectDocument:
    actor: Actor
    document_id: str
    reason: str


@dataclass(frozen=True)
class WithdrawDocument:
    actor: Actor
    document_id: str


@dataclass(frozen=True)
class EraseDocument:
    """Erase on a lawful request (the GDPR's right to erasure, a court order, ...)."""

    actor: Actor
    document_id: str
    reason: str
    request_reference: str


@dataclass(frozen=True)
class OpenDocument:
    actor: Actor
    document_id: str


@dataclass(frozen=True)
class PublishLibraryFile:
    actor: Actor
    body: Body
    curriculum: str
    curriculum_version: str
    title: str
    category: LibraryCategory


@dataclass(frozen=True)
class PublishLibraryVersion:
    actor: Actor
    body: Body
    file_id: str


@dataclass(frozen=True)
class OpenLibraryFile:
    actor: Actor
    file_id: str
    number: int | None = None


@dataclass(frozen=True)
class SweepOrphans:
    """Remove stored bytes that no metadata names and that are older than the grace period."""


@dataclass(frozen=True)
class ApplyRetention:
    """Erase the documents whose kind's retention period has passed."""
