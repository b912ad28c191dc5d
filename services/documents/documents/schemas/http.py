"""Documents' HTTP schemas: what a request may carry and what an answer holds."""
from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from documents.domain.library import LibraryCategory
from documents.domain.model import DocumentKind, DocumentState

CODE = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CURRICULUM = validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,63}$")
VERSION = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
KINDS = [k.value for k in DocumentKind]
CATEGORIES = [c.value for c in LibraryCategory]
STATES = [s.value for s in DocumentState]


def _text(maximum: int, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(max=maximum), **kwargs)


class AgreementOut(Schema):
    organisation_id = fields.String()
    organisation_name = fields.String()
    agreement_version = fields.Integer()
    in_force = fields.Boolean()
    may_accept_uploads = fields.Boolean()
    changed_at = fields.AwareDateTime()


class UploadFields(Schema):
    """An upload's metadata: in the query string, or form fields before the file part."""

    class Meta:
        unknown = RAISE

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    description = _text(1000, load_default="")
    filename = _text(1000, load_default=None, metadata={
        "description": "The file's name (a raw body); a multipart file part names itself"})
    enrolment_id = fields.String(load_default=None, validate=validate.Length(max=36),
                                 metadata={"description": "Needed when the trainee has "
                                                          "several programmes"})
    curriculum_item = fields.String(load_default=None, validate=CODE, metadata={
        "description": "The code of the curriculum item it supports"})
    attestation = fields.String(load_default=None, validate=CODE, metadata={
        "description": "The attestation it supports"})

    @validates_schema
    def one_link_at_most(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("curriculum_item") and data.get("attestation"):
            raise ValidationError("Link a document to a curriculum item or an attestation, "
                                  "not both.", "attestation")


class LibraryUploadFields(Schema):
    class Meta:
        unknown = RAISE

    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    filename = _text(1000, load_default=None)


class LibraryVersionFields(Schema):
    class Meta:
        unknown = RAISE

    filename = _text(1000, load_default=None)


class DocumentsQuery(Schema):
    state = fields.String(load_default=None, validate=validate.OneOf(STATES))


class RejectIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class EraseIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000),
                           metadata={"description": "Why: the lawful ground"})
    request_reference = fields.String(required=True, validate=validate.Length(min=1, max=200),
                                      metadata={"description": "The written request's "
                                                               "reference"})


class UploadLimitsOut(Schema):
    max_bytes = fields.Integer(metadata={"description": "Larger files are refused (413)"})
    media_types = fields.List(fields.String())
    kinds = fields.List(fields.String())


class DocumentOut(Schema):
    id = fields.String()
    trainee_id = fields.String()
    trainee_name = fields.String(allow_none=True, metadata={
        "description": "The trainee's name, when identity has registered them"})
    enrolment_id = fields.String()
    organisation_id = fields.String()
    kind = fields.Function(lambda d: d.kind.value, metadata={"description": " | ".join(KINDS)})
    state = fields.Function(lambda d: d.state.value,
                            metadata={"description": " | ".join(STATES)})
    description = fields.String()
    filename = fields.String(allow_none=True)
    media_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    curriculum_item = fields.String(allow_none=True)
    attestation = fields.String(allow_none=True)
    uploaded_at = fields.AwareDateTime()
    decided_by = fields.String(allow_none=True)
    decided_at = fields.AwareDateTime(allow_none=True)
    rejection_reason = fields.String(allow_none=True)
    ended_at = fields.AwareDateTime(allow_none=True, metadata={
        "description": "When it was withdrawn or erased"})


class ProgrammeOut(Schema):
    curriculum = fields.String()
    curriculum_version = fields.String()
    programme = fields.String()
    country = fields.String()
    role = fields.String(metadata={"description": "trainee (one's own, with its enrolment) | "
                                                  "approver (a trainee's one follows)"})
    enrolment_id = fields.String(allow_none=True)


class LibraryVersionOut(Schema):
    number = fields.Integer()
    filename = fields.String()
    media_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    published_at = fields.AwareDateTime()
    published_by = fields.String()


class LibraryFileOut(Schema):
    id = fields.String()
    curriculum = fields.String()
    curriculum_version = fields.String()
    title = fields.String()
    category = fields.Function(lambda f: f.category.value,
                               metadata={"description": " | ".join(CATEGORIES)})
    current = fields.Nested(LibraryVersionOut)
    versions = fields.Nested(LibraryVersionOut, many=True, metadata={
        "description": "Every published version, oldest first"})


class HistoryEntryOut(Schema):
    at = fields.AwareDateTime()
    action = fields.String(attribute="entry.action", metadata={
        "description": "document.confirmed | .rejected | .withdrawn | .erased"})
    actor = fields.String(attribute="entry.actor")
    from_state = fields.String(attribute="entry.from_state", allow_none=True)
    to_state = fields.String(attribute="entry.to_state", allow_none=True)
    reason = fields.String(attribute="entry.reason", allow_none=True)
    detail = fields.Dict(attribute="entry.detail")
