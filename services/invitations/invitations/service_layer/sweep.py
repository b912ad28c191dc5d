"""The periodic sweep: expired invitations are marked and announced, reminders sent, and
vejleder relationships end where the trainee's placement at the practice has ended.

Each due invitation is claimed in the database (locked, skipping rows another
replica holds) and settled in the same transaction, so replicas never double a
reminder or an expiry. Time is the domain clock's (shiftable in development).
"""
from __future__ import annotations

from invitations.config import Settings
from invitations.domain import commands
from invitations.service_layer.appointments import end_finished_placements
from invitations.service_layer.teams import remind
from invitations.service_layer.unit_of_work import InvitationsUnitOfWork
from portal_kit.clock import Clock


def sweep(command: commands.Sweep, uow: InvitationsUnitOfWork, clock: Clock,
          settings: Settings) -> dict[str, int]:
    done = {"expired": 0, "reminded": 0, "practices_reconciled": 0}
    with uow:
        now = clock.now()
        for invitation in uow.invitations.due(now, now + settings.reminder_before,
                                              command.batch):
            if now >= invitation.expires_at:
                invitation.expire(now)
                uow.add(invitation)
                done["expired"] += 1
            else:
                remind(invitation, uow, now, settings)
                done["reminded"] += 1
        done["practices_reconciled"] = end_finished_placements(uow, now)
        uow.commit()
    return done
