"""The registration ticket: the invitations service's signed word that a person was invited."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class RegistrationTicket:
    jti: str
    invitation_id: str
    trainee: str
    role: str
    organisation_id: str
    expires_at: datetime

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["expires_at"] = self.expires_at.isoformat()
        return data
