"""What people ask of sign-off (each handled by one function in service_layer.signoff)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal_kit.principal import Principal


@dataclass(frozen=True)
class _OnItem:
    by: Principal
    enrolment_id: str
    code: str


@dataclass(frozen=True)
class Submit(_OnItem):
    """Klarmelding: the trainee marks an item (or, with ``attestation``, the attestation of
    ``placement_id``) ready for approval."""

    version: int | None = None
    placement_id: str | None = None
    attestation: bool = False


@dataclass(frozen=True)
class Recall(_OnItem):
    version: int | None = None
    placement_id: str | None = None
    attestation: bool = False


@dataclass(frozen=True)
class LogActivity(_OnItem):
    title: str = ""
    performed_on: date | None = None


@dataclass(frozen=True)
class ConfirmActivity(_OnItem):
    activity_id: str = ""


@dataclass(frozen=True)
class Recommend(_OnItem):
    version: int | None = None
    comment: str | None = None


@dataclass(frozen=True)
class Decision:
    code: str
    version: int


@dataclass(frozen=True)
class Approve:
    """Approve one or several awaiting items of one trainee: each its own record."""

    by: Principal
    enrolment_id: str
    decisions: tuple[Decision, ...]
    comment: str | None = None


@dataclass(frozen=True)
class Return(_OnItem):
    version: int | None = None
    comment: str = ""
    placement_id: str | None = None
    attestation: bool = False


@dataclass(frozen=True)
class Attest(_OnItem):
    placement_id: str | None = None
    comment: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class Reset(_OnItem):
    version: int | None = None
    placement_id: str | None = None
    reference: str = ""
    reason: str = ""


@dataclass(frozen=True)
class GrantDelegation:
    by: Principal
    delegate_id: str
    organisation_id: str
    valid_from: date
    valid_to: date


@dataclass(frozen=True)
class EndDelegation:
    by: Principal
    delegation_id: str


@dataclass(frozen=True)
class MoveToVersion:
    by: Principal
    enrolment_id: str
    curriculum_version: str
