"""Read-only use cases: each opens its own unit of work and checks who reads."""
from __future__ import annotations

from documents.domain import exceptions as e
from documents.domain.access import CONFIRMING_ROLES, Actor
from documents.domain.library import LibraryFile
from documents.domain.model import Document, DocumentState, OrganisationAgreement
from documents.service_layer.library import curricula_of, programmes_of
from documents.service_layer.unit_of_work import DocumentsUnitOfWork
from portal_kit.audit import AuditRecord


def agreement(uow: DocumentsUnitOfWork, organisation_id: str) -> OrganisationAgreement:
    with uow:
        found = uow.agreements.get(organisation_id)
        if found is None:
            raise e.OrganisationUnknown(f"No agreement is known for {organisation_id}.")
        return found


def document(uow: DocumentsUnitOfWork, actor: Actor, document_id: str) -> Document:
    with uow:
        found = uow.documents.get(document_id)
        if found is None or not uow.relations.of(found.trainee_id).may_view(
                actor, uow.clock.now()):
            raise e.DocumentNotFound("No such document.")
        return named(uow, [found])[0]


def document_history(uow: DocumentsUnitOfWork, actor: Actor,
                     document_id: str) -> list[AuditRecord]:
    """Who did what to the document, newest first (for those who may see the document)."""
    with uow:
        found = uow.documents.get(document_id)
        if found is None or not uow.relations.of(found.trainee_id).may_view(
                actor, uow.clock.now()):
            raise e.DocumentNotFound("No such document.")
        return uow.audit_log.of_subject("document", document_id)


def trainee_documents(uow: DocumentsUnitOfWork, actor: Actor, trainee_id: str,
                      state: DocumentState | None = None) -> list[Document]:
    """A trainee's documents, oldest first, for the trainee and those who may see them."""
    with uow:
        if not uow.relations.of(trainee_id).may_view(actor, uow.clock.now()):
            raise e.NotYourDocument("You may not see this trainee's documents.",
                                    code="not_your_trainee")
        return named(uow, uow.documents.of_trainees([trainee_id],
                                                    None if state is None else [state]))


def awaiting_my_confirmation(uow: DocumentsUnitOfWork, actor: Actor) -> list[Document]:
    """Documents awaiting confirmation by the actor, oldest first, across their trainees."""
    with uow:
        now = uow.clock.now()
        trainees = {g.trainee_id for g in uow.relations.grants_to(actor.person_id)
                    if g.role in CONFIRMING_ROLES}
        mine = [t for t, r in uow.relations.of_many(trainees).items()
                if r.may_confirm(actor, now)]
        return named(uow, uow.documents.of_trainees(mine, [DocumentState.AWAITING_CONFIRMATION]))


def my_programmes(uow: DocumentsUnitOfWork, actor: Actor) -> list[dict]:
    """The programmes the actor is in: their own enrolments, and those of the trainees they
    follow now (whose library they may read)."""
    with uow:
        return programmes_of(uow, actor, uow.clock)


def named(uow: DocumentsUnitOfWork, documents: list[Document]) -> list[Document]:
    """The documents with their trainees' names (as identity registered them), if known."""
    names = uow.people.names(d.trainee_id for d in documents)
    for document in documents:
        document.trainee_name = names.get(document.trainee_id)
    return documents


def library(uow: DocumentsUnitOfWork, actor: Actor, curriculum: str,
            version: str) -> list[LibraryFile]:
    with uow:
        if not actor.may_read_library(curriculum, curricula_of(uow, actor, uow.clock)):
            raise e.NotInProgramme("The library of a programme is for the people in it.")
        return uow.library.of_curriculum(curriculum, version)

