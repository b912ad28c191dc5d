"""Invitations' unit of work: its repositories, and mail requests written with the commit.

A mail request (``domain.messages.MailRequest``) carries a link, a credential: it is
written to the outbox in the same transaction as the change, addressed to the private
exchange ``invitations.commands`` (never ``invitations.events``), and relayed from there.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from invitations.adapters.repository import (
    AgreementRepository,
    AppointmentRepository,
    InvitationRepository,
    ProjectionRepository,
    RelationshipRepository,
)
from invitations.domain.messages import MailRequest
from invitations.schemas.commands import EXCHANGE, command_for
from portal_kit.outbox import OutboxWriter
from portal_kit.uow import UnitOfWork


class InvitationsUnitOfWork(UnitOfWork):
    agreements: AgreementRepository
    known: ProjectionRepository
    invitations: InvitationRepository
    relationships: RelationshipRepository
    appointments: AppointmentRepository

    def open(self, session: Session) -> None:
        self.agreements = AgreementRepository(session)
        self.known = ProjectionRepository(session)
        self.invitations = InvitationRepository(session)
        self.relationships = RelationshipRepository(session)
        self.appointments = AppointmentRepository(session)
        self.mail: list[MailRequest] = []

    def add(self, aggregate: Any) -> Any:
        """Track an aggregate (its events and audit entries are written on commit)."""
        return self.track(aggregate)

    def request_mail(self, request: MailRequest) -> None:
        self.mail.append(request)

    def commit(self) -> None:
        if self.mail:
            commands = OutboxWriter(self.outbox.table, EXCHANGE, self.outbox.clock)
            for request in self.mail:
                commands.add(self.session, command_for(request, self.clock.now()))
            self.mail = []
        super().commit()
