"""Events published by documents on the exchange ``documents.events``.

Paper evidence: a trainee uploaded a scanned document (a course certificate, a
time attestation, other evidence), their tutor or the approver the
relationships entitle confirmed or rejected it, the trainee withdrew it, or it
was erased (on a lawful request, or when its kind's retention period passed).
Competencies shows a confirmed document beside the curriculum item or
attestation it is linked to; notifications tells the confirmers that a document
awaits and the trainee the outcome. All data is *personal*: it names a trainee
by their opaque person id. No file name, description or content travels in an
event; the file is fetched, by those entitled, from documents' API.
"""
from __future__ import annotations

from marshmallow import Schema, fields

DOCUMENT_UPLOADED = "portal.documents.document.uploaded.v1"
DOCUMENT_CONFIRMED = "portal.documents.document.confirmed.v1"
DOCUMENT_REJECTED = "portal.documents.document.rejected.v1"
DOCUMENT_WITHDRAWN = "portal.documents.document.withdrawn.v1"
DOCUMENT_ERASED = "portal.documents.document.erased.v1"


class _Document(Schema):
    CLASSIFICATION = "personal"

    document_id = fields.String(required=True)
    trainee_id = fields.String(required=True, metadata={"description": "Opaque person id"})
    enrolment_id = fields.String(required=True, metadata={
        "description": "The trainee's programme (competencies' enrolment) it belongs to"})
    organisation_id = fields.String(required=True, metadata={
        "description": "The agreement holder of that enrolment"})


def _link(what: str) -> fields.String:
    return fields.String(required=True, allow_none=True, metadata={"description": what})


class DocumentUploadedV1(_Document):
    """A trainee uploaded a scanned paper document; it awaits confirmation by ``confirmers``
    (the people entitled to confirm it at upload time)."""

    kind = fields.String(required=True, metadata={
        "description": "course_certificate | time_attestation | other"})
    media_type = fields.String(required=True, metadata={
        "description": "application/pdf | image/jpeg | image/png (recognised by content)"})
    size = fields.Integer(required=True, metadata={"description": "Bytes"})
    sha256 = fields.String(required=True, metadata={"description": "Hex digest of the bytes"})
    curriculum_item = _link("The curriculum item's code the document supports, if any")
    attestation = _link("The attestation the document supports, if any")
    confirmers = fields.List(fields.String(), required=True, metadata={
        "description": "Person ids entitled to confirm it now"})
    uploaded_at = fields.AwareDateTime(required=True)


class DocumentConfirmedV1(_Document):
    """The approver confirmed that the document is correct; it is a record from now on and
    counts where a programme requires confirmed paper evidence."""

    kind = fields.String(required=True)
    sha256 = fields.String(required=True)
    curriculum_item = _link("The curriculum item's code the document supports, if any")
    attestation = _link("The attestation the document supports, if any")
    confirmed_by = fields.String(required=True)
    confirmed_at = fields.AwareDateTime(required=True)


class DocumentRejectedV1(_Document):
    """The approver rejected the document, with a reason the trainee reads."""

    kind = fields.String(required=True)
    reason = fields.String(required=True)
    rejected_by = fields.String(required=True)
    rejected_at = fields.AwareDateTime(required=True)


class DocumentWithdrawnV1(_Document):
    """The trainee withdrew an unconfirmed document; its file is gone."""

    withdrawn_at = fields.AwareDateTime(required=True)


class DocumentErasedV1(_Document):
    """The document was erased: its file, name and description are gone (a confirmed one
    no longer counts)."""

    grounds = fields.String(required=True, metadata={
        "description": "lawful_request | retention"})
    erased_by = fields.String(required=True, metadata={
        "description": "The administrator's person id, or 'system' at the end of retention"})
    erased_at = fields.AwareDateTime(required=True)
