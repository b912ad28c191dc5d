"""Documents' use cases, routed by explicit dicts: commands from HTTP and timers, events in."""
from __future__ import annotations

from typing import Any

from documents.domain import commands
from documents.domain.model import OrganisationAgreement
from documents.service_layer import evidence, housekeeping, library, relations
from documents.service_layer.unit_of_work import DocumentsUnitOfWork
from portal_contracts.agreements import record_agreement_change
from portal_contracts.identity import DPA_SIGNED_V2, DPA_TERMINATED_V2, agreement_change
from portal_kit.inbox import idempotent


@idempotent("documents.record_agreement_change")
def record_agreement(event: dict[str, Any], uow: DocumentsUnitOfWork) -> None:
    """Keep this service's record of the organisation's agreement up to date."""
    record_agreement_change(uow.agreements, agreement_change(event), OrganisationAgreement)


COMMAND_HANDLERS = {
    commands.UploadDocument: evidence.upload,
    commands.ConfirmDocument: evidence.confirm,
    commands.RejectDocument: evidence.reject,
    commands.WithdrawDocument: evidence.withdraw,
    commands.EraseDocument: evidence.erase,
    commands.OpenDocument: evidence.open_document,
    commands.PublishLibraryFile: library.publish_file,
    commands.PublishLibraryVersion: library.publish_version,
    commands.OpenLibraryFile: library.open_file,
    commands.SweepOrphans: housekeeping.sweep_orphans,
    commands.ApplyRetention: housekeeping.apply_retention,
}

EVENT_HANDLERS = {
    DPA_SIGNED_V2: [record_agreement],
    DPA_TERMINATED_V2: [record_agreement],
    **relations.EVENT_HANDLERS,
}
