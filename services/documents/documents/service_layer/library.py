"""The curriculum file library: administrators publish, everyone in the programme reads."""
from __future__ import annotations

from typing import Any

from documents.adapters.storage import BlobStore
from documents.domain import commands
from documents.domain import exceptions as e
from documents.domain.access import Actor, Enrolment
from documents.domain.library import LibraryFile
from documents.service_layer.files import Download, download, store_body
from documents.service_layer.unit_of_work import DocumentsUnitOfWork
from portal_kit.audit import AuditEntry
from portal_kit.clock import Clock


def publish_file(command: commands.PublishLibraryFile, uow: DocumentsUnitOfWork,
                 receive: Any, inspect: Any, store: BlobStore, clock: Clock) -> LibraryFile:
    _may_publish(command.actor)
    stored = store_body(command.body, receive, inspect, store)
    with uow:
        library_file = LibraryFile.publish_new(
            curriculum=command.curriculum, curriculum_version=command.curriculum_version,
            title=command.title, category=command.category, stored=stored, at=clock.now(),
            actor=command.actor.person_id)
        uow.library.add(library_file)
        uow.record_audit(_published(command.actor, library_file))
        uow.commit()
    return library_file


def publish_version(command: commands.PublishLibraryVersion, uow: DocumentsUnitOfWork,
                    receive: Any, inspect: Any, store: BlobStore, clock: Clock) -> LibraryFile:
    _may_publish(command.actor)
    with uow:
        if uow.library.get(command.file_id) is None:
            raise e.LibraryFileNotFound("No such library file.")
    stored = store_body(command.body, receive, inspect, store)
    with uow:
        library_file = uow.library.get(command.file_id, for_update=True)
        assert library_file is not None  # library files are never deleted
        library_file.publish(stored, clock.now(), command.actor.person_id)
        uow.record_audit(_published(command.actor, library_file))
        uow.commit()
    return library_file


def open_file(command: commands.OpenLibraryFile, uow: DocumentsUnitOfWork, store: BlobStore,
              clock: Clock) -> Download:
    with uow:
        library_file = uow.library.get(command.file_id)
        if library_file is None or not command.actor.may_read_library(
                library_file.curriculum, curricula_of(uow, command.actor, clock)):
            raise e.LibraryFileNotFound("No such library file.")
        version = library_file.current if command.number is None else \
            library_file.version(command.number)
        if version is None:
            raise e.LibraryFileNotFound(f"The file has no version {command.number}.")
    return download(store, version.storage_key, version.filename, version.media_type,
                    version.size, version.sha256)


def curricula_of(uow: DocumentsUnitOfWork, actor: Actor, clock: Clock) -> frozenset[str]:
    """The curricula the actor follows, or follows a trainee in as an approver (in window)."""
    mine, followed = _enrolments_of(uow, actor, clock)
    return frozenset(x.curriculum for x in [*mine, *followed])


def programmes_of(uow: DocumentsUnitOfWork, actor: Actor, clock: Clock) -> list[dict]:
    """The actor's own programmes (with their enrolment), then those they follow a trainee
    in, once per curriculum version."""
    mine, followed = _enrolments_of(uow, actor, clock)
    found = [_programme(x, "trainee", x.enrolment_id) for x in mine]
    seen = {(x.curriculum, x.curriculum_version) for x in mine}
    for enrolment in followed:
        if (enrolment.curriculum, enrolment.curriculum_version) not in seen:
            seen.add((enrolment.curriculum, enrolment.curriculum_version))
            found.append(_programme(enrolment, "approver", None))
    return found


def _enrolments_of(uow: DocumentsUnitOfWork, actor: Actor,
                   clock: Clock) -> tuple[list[Enrolment], list[Enrolment]]:
    now = clock.now()
    mine = uow.relations.of(actor.person_id).active_enrolments()
    trainees = {g.trainee_id for g in uow.relations.grants_to(actor.person_id)}
    trainees |= {o.trainee_id for o in uow.relations.opened_to(actor.tutor_of())}
    followed = [enrolment for trainee, relations in uow.relations.of_many(trainees).items()
                if relations.may_view(actor, now) for enrolment in relations.active_enrolments()]
    return mine, followed


def _programme(enrolment: Enrolment, role: str, enrolment_id: str | None) -> dict:
    return {"curriculum": enrolment.curriculum, "programme": enrolment.programme,
            "curriculum_version": enrolment.curriculum_version, "country": enrolment.country,
            "role": role, "enrolment_id": enrolment_id}


def _may_publish(actor: Actor) -> None:
    if not actor.is_administrator():
        raise e.NotAnAdministrator("Only administrators (or the operator) publish library "
                                   "files.")


def _published(actor: Actor, library_file: LibraryFile) -> AuditEntry:
    version = library_file.current
    return AuditEntry(actor=actor.person_id, action="library_file.published",
                      subject_type="library_file", subject_id=library_file.id,
                      to_state=f"version {version.number}",
                      detail={"curriculum": library_file.curriculum,
                              "curriculum_version": library_file.curriculum_version,
                              "title": library_file.title, "sha256": version.sha256,
                              "size": version.size})
