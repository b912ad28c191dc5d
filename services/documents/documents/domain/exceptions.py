"""Why documents refuses something, each with a stable code (translated to HTTP in the kit)."""
from portal_kit.errors import (
    Conflict,
    ContentTooLarge,
    ContentUnsupported,
    Forbidden,
    Invalid,
    NotFound,
)


class OrganisationUnknown(NotFound):
    code = "organisation_unknown"


class FileTooLarge(ContentTooLarge):
    code = "file_too_large"


class UnsupportedType(ContentUnsupported):
    """Not a PDF, JPEG or PNG by its content (an executable, HTML, SVG, ...)."""

    code = "unsupported_type"


class EmptyFile(Invalid):
    code = "empty_file"


class UploadIncomplete(Invalid):
    """The client stopped sending before the body it announced was complete."""

    code = "upload_incomplete"


class PdfEncrypted(Invalid):
    code = "pdf_encrypted"


class PdfCorrupt(Invalid):
    code = "pdf_corrupt"


class ImageTooLarge(Invalid):
    """More pixels than allowed (a decompression bomb, or a scan far beyond need)."""

    code = "image_too_large"


class ImageCorrupt(Invalid):
    code = "image_corrupt"


class NotATrainee(Forbidden):
    code = "not_a_trainee"


class EnrolmentRequired(Invalid):
    """The trainee has several programmes: the upload must name one."""

    code = "enrolment_required"


class UploadsClosed(Conflict):
    """The organisation's data-processing agreement is not in force."""

    code = "dpa_not_active"


class DocumentNotFound(NotFound):
    """Unknown, or not the caller's to see (the two are not told apart)."""

    code = "document_not_found"


class NotEntitledToConfirm(Forbidden):
    code = "not_entitled_to_confirm"


class AssuranceTooLow(Forbidden):
    """A confirmation or rejection by a login below the assurance signing demands."""

    code = "assurance_too_low"


class OwnUpload(Forbidden):
    code = "own_upload"


class AlreadyDecided(Conflict):
    code = "already_decided"


class DocumentImmutable(Conflict):
    """A confirmed document is a record: it is neither withdrawn nor decided again."""

    code = "document_confirmed"


class DocumentGone(Conflict):
    """Withdrawn or erased: its bytes are no longer kept."""

    code = "document_gone"


class NotYourDocument(Forbidden):
    code = "not_your_document"


class NotAnAdministrator(Forbidden):
    code = "administrator_required"


class LibraryFileNotFound(NotFound):
    code = "library_file_not_found"


class NotInProgramme(Forbidden):
    code = "not_in_programme"
