"""HTTP entrypoints for paper evidence: upload (streamed), list, read, download, decide."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from documents.domain import commands
from documents.domain.model import DocumentKind, DocumentState, Link
from documents.entrypoints.actors import actor_of
from documents.entrypoints.bodies import read_upload, refusing_unread
from documents.entrypoints.downloads import BINARY_RESPONSE, streamed
from documents.entrypoints.uploads import REFUSALS, upload_content
from documents.schemas import http as schemas
from documents.service_layer import views
from portal_kit.http import api, follow, load_body, load_query

V1 = "/api/documents/v1"
UPLOAD_DOCUMENT_LINKS = follow("document_id", "$response.body#/id",
                               "document", "confirm", "reject", "withdraw", "erase",
                               "document_history", "document_content")
DOCUMENT = schemas.DocumentOut()
DOCUMENTS = schemas.DocumentOut(many=True)
UPLOAD_FIELDS = schemas.UploadFields()
MEDIA_TYPES = ["application/pdf", "image/jpeg", "image/png"]
NOT_FOUND = {404: "No such document, or not yours to see"}
DECIDED = {403: "Not entitled to decide, one's own upload, or a login below the assurance "
                "signing demands",
           409: "Decided already, confirmed (immutable), or gone", **NOT_FOUND}


class EvidenceEndpoints:
    runtime: Any

    def _actor(self, request: Request) -> Any:
        return actor_of(self.runtime.authenticate(request))

    @api("POST", f"{V1}/documents", summary="Upload a scanned paper document (the trainee's "
         "own): a PDF, JPEG or PNG, streamed; metadata in the query or as form fields",
         request_content=upload_content(UPLOAD_FIELDS), query=UPLOAD_FIELDS,
         response=DOCUMENT, status=201, auth="person", tags=("documents",),
         responses={**REFUSALS, 403: "Not a trainee, or not one of their programmes",
                    409: "The organisation's agreement is not in force"},
         links=UPLOAD_DOCUMENT_LINKS)
    def upload_document(self, request: Request) -> tuple[int, dict]:
        """The body is read as it arrives (never whole); past the limit it is refused."""
        with refusing_unread(request) as raw:
            actor = self._actor(request)
            upload = read_upload(request, raw)
            found = UPLOAD_FIELDS.load(upload.fields)
            document = self.runtime.handle(commands.UploadDocument(
                actor, upload.body, DocumentKind(found["kind"]), found["description"],
                found["enrolment_id"], Link(found["curriculum_item"], found["attestation"])))
        return 201, DOCUMENT.dump(document)

    @api("GET", f"{V1}/uploads/limits", summary="What an upload may be: the largest size and "
         "the accepted types (for a form to say so before anyone sends a file)",
         response=schemas.UploadLimitsOut(), tags=("documents",))
    def upload_limits(self, request: Request) -> dict:
        return schemas.UploadLimitsOut().dump({
            "max_bytes": self.runtime.extras["max_upload_bytes"], "media_types": MEDIA_TYPES,
            "kinds": [k.value for k in DocumentKind]})

    @api("GET", f"{V1}/me/documents", summary="My documents (the trainee's own), with their "
         "state", query=schemas.DocumentsQuery(), response=DOCUMENTS, auth="person",
         tags=("documents",))
    def my_documents(self, request: Request) -> list:
        actor = self._actor(request)
        return self._list(request, actor, actor.person_id)

    @api("GET", f"{V1}/trainees/<trainee_id>/documents", summary="A trainee's documents (for "
         "the trainee, their approvers in their window, their organisations' administrators)",
         query=schemas.DocumentsQuery(), response=DOCUMENTS, auth="person",
         tags=("documents",), responses={403: "Not yours to see"})
    def trainee_documents(self, request: Request, trainee_id: str) -> list:
        return self._list(request, self._actor(request), trainee_id)

    def _list(self, request: Request, actor: Any, trainee_id: str) -> list:
        state = load_query(request, schemas.DocumentsQuery())["state"]
        return DOCUMENTS.dump(self.runtime.query(
            views.trainee_documents, actor=actor, trainee_id=trainee_id,
            state=DocumentState(state) if state else None))

    @api("GET", f"{V1}/me/awaiting-confirmation", summary="Documents awaiting my confirmation "
         "(tutor or entitled approver), oldest first", response=DOCUMENTS, auth="person",
         tags=("documents",))
    def awaiting_my_confirmation(self, request: Request) -> list:
        return DOCUMENTS.dump(self.runtime.query(views.awaiting_my_confirmation,
                                                 actor=self._actor(request)))

    @api("GET", f"{V1}/documents/<document_id>", summary="One document's record",
         response=DOCUMENT, auth="person", tags=("documents",), responses=NOT_FOUND)
    def document(self, request: Request, document_id: str) -> dict:
        return DOCUMENT.dump(self.runtime.query(views.document, actor=self._actor(request),
                                                document_id=document_id))

    @api("GET", f"{V1}/documents/<document_id>/history", summary="Who confirmed, rejected, "
         "withdrew or erased the document, when and why (newest first)",
         response=schemas.HistoryEntryOut(many=True), auth="person", tags=("documents",),
         responses=NOT_FOUND)
    def document_history(self, request: Request, document_id: str) -> list:
        return schemas.HistoryEntryOut(many=True).dump(self.runtime.query(
            views.document_history, actor=self._actor(request), document_id=document_id))

    @api("GET", f"{V1}/documents/<document_id>/content", summary="Download the document's "
         "file (streamed, as an attachment)", response_content=BINARY_RESPONSE, auth="person",
         tags=("documents",), responses={**NOT_FOUND, 409: "Withdrawn or erased"})
    def document_content(self, request: Request, document_id: str) -> Response:
        return streamed(self.runtime.handle(commands.OpenDocument(self._actor(request),
                                                                  document_id)))

    @api("POST", f"{V1}/documents/<document_id>/confirm", summary="Confirm that the "
         "document is correct (it becomes immutable)", response=DOCUMENT, auth="person",
         tags=("documents",), responses=DECIDED)
    def confirm(self, request: Request, document_id: str) -> dict:
        return DOCUMENT.dump(self.runtime.handle(commands.ConfirmDocument(
            self._actor(request), document_id)))

    @api("POST", f"{V1}/documents/<document_id>/reject", summary="Reject the document, with "
         "a reason for the trainee", request=schemas.RejectIn(), response=DOCUMENT,
         auth="person", tags=("documents",), responses=DECIDED)
    def reject(self, request: Request, document_id: str) -> dict:
        actor = self._actor(request)
        body = load_body(request, schemas.RejectIn())
        return DOCUMENT.dump(self.runtime.handle(commands.RejectDocument(
            actor, document_id, body["reason"])))

    @api("POST", f"{V1}/documents/<document_id>/withdraw", summary="Withdraw an unconfirmed "
         "document (the trainee); its file is removed", response=DOCUMENT, auth="person",
         tags=("documents",), responses={403: "Not the trainee's", **DECIDED})
    def withdraw(self, request: Request, document_id: str) -> dict:
        return DOCUMENT.dump(self.runtime.handle(commands.WithdrawDocument(
            self._actor(request), document_id)))

    @api("POST", f"{V1}/documents/<document_id>/erase", summary="Erase a document on a "
         "lawful request (administrators of the trainee's organisation); audited",
         request=schemas.EraseIn(), response=DOCUMENT, auth="person", tags=("documents",),
         responses={403: "Not an administrator of the trainee's organisation",
                    409: "Erased already", **NOT_FOUND})
    def erase(self, request: Request, document_id: str) -> dict:
        actor = self._actor(request)
        body = load_body(request, schemas.EraseIn())
        return DOCUMENT.dump(self.runtime.handle(commands.EraseDocument(
            actor, document_id, body["reason"], body["request_reference"])))
