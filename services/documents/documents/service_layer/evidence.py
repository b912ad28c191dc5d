"""Paper evidence: upload, confirm, reject, withdraw, erase, download. Plain functions of
(command, uow, dependencies), each checking the actor against the relations projection."""
from __future__ import annotations

from typing import Any

from documents.adapters.storage import BlobStore
from documents.domain import commands
from documents.domain import exceptions as e
from documents.domain.access import Enrolment, Relations, assurance_suffices
from documents.domain.model import Document, ErasureGrounds
from documents.service_layer.files import Download, download, remove_bytes, store_body
from documents.service_layer.unit_of_work import DocumentsUnitOfWork
from portal_kit.clock import Clock


def upload(command: commands.UploadDocument, uow: DocumentsUnitOfWork, receive: Any,
           inspect: Any, store: BlobStore, clock: Clock) -> Document:
    """Check who uploads where before reading a byte; then store the bytes, then the record."""
    with uow:
        relations = uow.relations.of(command.actor.person_id)
        enrolment = _enrolment_for(relations, command.enrolment_id)
        agreement = uow.agreements.get(enrolment.agreement_holder_id)
        if agreement is None or not agreement.may_accept_uploads:
            raise e.UploadsClosed("The organisation's data-processing agreement is not in "
                                  "force: evidence cannot be uploaded there.")
    stored = store_body(command.body, receive, inspect, store)
    with uow:
        now = clock.now()
        document = Document.upload(
            trainee_id=command.actor.person_id, enrolment=enrolment, kind=command.kind,
            description=command.description, stored=stored, link=command.link,
            confirmers=uow.relations.of(command.actor.person_id).confirmers(now), at=now)
        uow.documents.add(uow.track(document))
        uow.commit()
    return document


def confirm(command: commands.ConfirmDocument, uow: DocumentsUnitOfWork,
            clock: Clock, signing_assurance: dict[str, str]) -> Document:
    with uow:
        document, _ = _decidable(uow, command.actor, command.document_id, clock,
                                 signing_assurance)
        document.confirm(command.actor.person_id, clock.now())
        uow.commit()
    return document


def reject(command: commands.RejectDocument, uow: DocumentsUnitOfWork,
           clock: Clock, signing_assurance: dict[str, str]) -> Document:
    with uow:
        document, _ = _decidable(uow, command.actor, command.document_id, clock,
                                 signing_assurance)
        document.reject(command.actor.person_id, command.reason, clock.now())
        uow.commit()
    return document


def withdraw(command: commands.WithdrawDocument, uow: DocumentsUnitOfWork,
             store: BlobStore, clock: Clock) -> Document:
    with uow:
        document, _ = _visible(uow, command.actor, command.document_id, clock, for_update=True)
        key = document.withdraw(command.actor.person_id, clock.now())
        uow.commit()
    remove_bytes(store, key)
    return document


def erase(command: commands.EraseDocument, uow: DocumentsUnitOfWork, store: BlobStore,
          clock: Clock) -> Document:
    with uow:
        document, relations = _visible(uow, command.actor, command.document_id, clock,
                                       for_update=True)
        if not relations.may_erase(command.actor):
            raise e.NotAnAdministrator("Only an administrator of the trainee's organisation "
                                       "(or the operator) erases a document.")
        key = document.erase(command.actor.person_id, ErasureGrounds.LAWFUL_REQUEST,
                             command.reason, clock.now(), command.request_reference)
        uow.commit()
    remove_bytes(store, key)
    return document


def open_document(command: commands.OpenDocument, uow: DocumentsUnitOfWork, store: BlobStore,
                  clock: Clock) -> Download:
    with uow:
        document, _ = _visible(uow, command.actor, command.document_id, clock)
    if document.storage_key is None or document.filename is None:
        raise e.DocumentGone(f"This document was {document.state.value}; its file is gone.")
    return download(store, document.storage_key, document.filename, document.media_type,
                    document.size, document.sha256)


def _enrolment_for(relations: Relations, enrolment_id: str | None) -> Enrolment:
    active = relations.active_enrolments()
    if not active:
        raise e.NotATrainee("Only a trainee enrolled in a programme uploads evidence.")
    if enrolment_id is not None:
        found = next((x for x in active if x.enrolment_id == enrolment_id), None)
        if found is None:
            raise e.NotATrainee("That is not one of your programmes.", code="not_your_enrolment")
        return found
    if len(active) > 1:
        raise e.EnrolmentRequired("You have several programmes: name the one this document "
                                  "belongs to (enrolment_id).",
                                  errors={"enrolment_id": [x.enrolment_id for x in active]})
    return active[0]


def _visible(uow: DocumentsUnitOfWork, actor: Any, document_id: str, clock: Clock,
             for_update: bool = False) -> tuple[Document, Relations]:
    """The document and its trainee's relations, if the actor may see it (else not found)."""
    document = uow.documents.get(document_id, for_update=for_update)
    relations = uow.relations.of(document.trainee_id) if document else None
    if document is None or relations is None or not relations.may_view(actor, clock.now()):
        raise e.DocumentNotFound("No such document.")
    uow.track(document)
    return document, relations


def _decidable(uow: DocumentsUnitOfWork, actor: Any, document_id: str, clock: Clock,
               signing_assurance: dict[str, str]) -> tuple[Document, Relations]:
    document, relations = _visible(uow, actor, document_id, clock, for_update=True)
    if actor.person_id == document.trainee_id:
        raise e.OwnUpload("Nobody confirms or rejects their own upload.")
    if not relations.may_confirm(actor, clock.now()):
        raise e.NotEntitledToConfirm("Only the trainee's tutor (or the approver the "
                                     "relationships entitle), in their window, decides.")
    required = signing_assurance.get(relations.country_of(document.enrolment_id) or "")
    if not assurance_suffices(actor.assurance, required):
        raise e.AssuranceTooLow(f"Confirming or rejecting evidence requires a login with "
                                f"{required} assurance; yours is "
                                f"{actor.assurance or 'unknown'}.")
    return document, relations
