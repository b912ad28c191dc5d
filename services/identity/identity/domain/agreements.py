"""Agreement texts (versioned) and the readable history of each organisation's agreement."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from identity.domain import events
from identity.domain.audit import entry as audit_entry

if TYPE_CHECKING:
    from identity.domain.model import Organisation

EID, PAPER = "eid", "paper"


@dataclass(eq=False)
class AgreementText:
    """One version of the data-processing agreement's text, as the operator published it."""

    version: int
    title: str
    body: str
    published_at: datetime
    published_by: str
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def publish(cls, version: int, title: str, body: str, at: datetime,
                actor: str) -> AgreementText:
        text = cls(version, title, body, at, actor)
        text.events.append(events.AgreementTextPublished(version, title, at, actor))
        text.audit.append(audit_entry(actor, "agreement_text.published", "agreement_text",
                                      str(version)))
        return text


@dataclass(frozen=True)
class Signature:
    """Who signed: a designated signatory with eID (``person_id``), or on paper."""

    name: str
    method: str
    person_id: str | None = None


@dataclass(eq=False)
class HistoryEntry:
    organisation_id: str
    agreement_version: int
    action: str
    at: datetime
    recorded_by: str
    text_version: int | None = None
    signatory_name: str | None = None
    signatory_person_id: str | None = None
    method: str | None = None
    party: str | None = None
    reason: str | None = None
    id: int | None = None

    @classmethod
    def signed(cls, organisation: Organisation, at: datetime, actor: str) -> HistoryEntry:
        return cls(organisation.id, organisation.agreement_version, "signed", at, actor,
                   organisation.agreement_text_version, organisation.signatory_name,
                   organisation.signatory_person_id, organisation.signature_method)

    @classmethod
    def terminated(cls, organisation: Organisation, at: datetime, actor: str) -> HistoryEntry:
        party = organisation.terminated_by_party
        return cls(organisation.id, organisation.agreement_version, "terminated", at, actor,
                   organisation.agreement_text_version, party=party.value if party else None,
                   reason=organisation.termination_reason)
