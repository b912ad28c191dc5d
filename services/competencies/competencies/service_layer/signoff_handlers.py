"""Sign-off's routing: each command to its use case, and the events it reads."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from competencies.domain import signoff_commands as commands
from competencies.service_layer import signoff, signoff_delegations
from portal_contracts import identity

SIGNOFF_COMMAND_HANDLERS: dict[type, Callable[..., Any]] = {
    commands.Submit: signoff.submit,
    commands.Recall: signoff.recall,
    commands.LogActivity: signoff.log_activity,
    commands.ConfirmActivity: signoff.confirm_activity,
    commands.Recommend: signoff.recommend,
    commands.Approve: signoff.approve,
    commands.Return: signoff.return_item,
    commands.Attest: signoff.attest,
    commands.Reset: signoff.reset,
    commands.GrantDelegation: signoff_delegations.grant,
    commands.EndDelegation: signoff_delegations.end,
}

SIGNOFF_EVENT_HANDLERS: dict[str, list[Callable[..., Any]]] = {
    identity.PERSON_REGISTERED: [signoff_delegations.record_identifier],
}
