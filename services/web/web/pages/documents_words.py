"""What the documents pages say: kinds, states, labels, and documents' refusals in words.

A refusal about the file (too large, wrong type, empty, unreadable) is shown next to the
file field; the others above the form. Codes are documents' stable problem codes.
"""
from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from web.api import Problem
from web.forms import Form
from web.i18n import number

MEGABYTE = 1024 * 1024
KINDS = {"course_certificate": _l("Course certificate"),
         "time_attestation": _l("Time attestation"), "other": _l("Other document")}
STATES = {"awaiting_confirmation": _l("Awaiting confirmation"), "confirmed": _l("Confirmed"),
          "rejected": _l("Rejected"), "withdrawn": _l("Withdrawn"), "erased": _l("Erased")}
CATEGORIES = {"form": _l("Form"), "assessment_card": _l("Assessment card"),
              "qualification_card": _l("Qualification card"), "other": _l("Other file")}
LABELS = {"file": _l("File"), "kind": _l("Kind of document"),
          "description": _l("Description"), "curriculum_item": _l("Curriculum item"),
          "enrolment_id": _l("Programme"), "reason": _l("Reason"), "title": _l("Title"),
          "category": _l("Kind of file"), "curriculum": _l("Curriculum"),
          "version": _l("Curriculum version")}
NOTICES = {"uploaded": _l("The document is uploaded. Your tutor is asked to confirm it."),
           "confirmed": _l("The document is confirmed."),
           "rejected": _l("The document is rejected. The trainee sees your reason."),
           "withdrawn": _l("The document is withdrawn and its file deleted."),
           "published": _l("The file is published in the library.")}
FILE_PROBLEMS: dict[str, LazyString] = {
    "file_too_large": _l("The file is too large. It may be at most %(limit)s MB."),
    "unsupported_type": _l("This file is not a PDF, JPEG or PNG. Scan the paper as a PDF, "
                           "JPEG or PNG and choose that file (renaming a file is not enough)."),
    "empty_file": _l("The file is empty. Choose the file with your scan."),
    "file_missing": _l("Choose the file with your scan."),
    "upload_incomplete": _l("The file did not arrive completely. Try again."),
    "pdf_encrypted": _l("The PDF is protected by a password. Save it without a password "
                        "and try again."),
    "pdf_corrupt": _l("The PDF cannot be read. It may be damaged; scan the paper again."),
    "image_too_large": _l("The image has too many pixels. Scan it at a lower resolution."),
    "image_corrupt": _l("The image cannot be read. It may be damaged; scan the paper again."),
    "malformed_multipart": _l("The upload could not be read. Try again."),
}
PROBLEMS: dict[str, LazyString] = {
    "not_a_trainee": _l("Only a trainee enrolled in a programme uploads documents."),
    "not_your_enrolment": _l("That is not one of your programmes."),
    "enrolment_required": _l("You have several programmes: choose the one the document "
                             "belongs to."),
    "dpa_not_active": _l("Your organisation's data-processing agreement is not in force, so "
                         "documents cannot be uploaded there now."),
    "validation_failed": _l("Some fields need to be corrected."),
    "not_entitled_to_confirm": _l("Only the trainee's tutor (or the approver entitled by "
                                  "the relationships) confirms this document, within their "
                                  "period."),
    "own_upload": _l("Nobody confirms or rejects their own document."),
    "already_decided": _l("Someone has decided on this document already."),
    "document_confirmed": _l("A confirmed document is a record and stays as it is."),
    "document_gone": _l("This document was withdrawn or erased."),
    "document_not_found": _l("We could not find this document, or it is not yours to see."),
    "not_your_document": _l("Only the trainee who uploaded a document withdraws it."),
    "administrator_required": _l("Only administrators publish files in the library."),
    "not_in_programme": _l("The library of a programme is for the people in it."),
}
FILE_FIELD_CODES = frozenset(FILE_PROBLEMS)


def refused(form: Form, problem: Problem, limit_bytes: int | None = None) -> Form:
    """Documents' refusal beside the field it concerns, in the person's words."""
    form.refused(problem)
    if problem.code in FILE_PROBLEMS:
        form.error("file", file_message(problem.code, limit_bytes))
        form.message = str(_l("The file was not accepted."))
    elif problem.code in PROBLEMS:
        form.message = str(PROBLEMS[problem.code])
    if problem.code == "enrolment_required":
        form.errors.pop("enrolment_id", None)
        form.error("enrolment_id", str(PROBLEMS["enrolment_required"]))
    return form


def file_message(code: str, limit_bytes: int | None) -> str:
    limit = number(round((limit_bytes or 20 * MEGABYTE) / MEGABYTE))
    return str(FILE_PROBLEMS[code]) % {"limit": limit} if code == "file_too_large" \
        else str(FILE_PROBLEMS[code])


def choose_file(form: Form) -> None:
    form.error("file", str(FILE_PROBLEMS["file_missing"]))
    form.message = str(_l("Some fields need to be corrected."))


def size(value: Any) -> str:
    """A file's size for people: kB below a megabyte, else MB with one decimal."""
    amount = int(value or 0)
    if amount < MEGABYTE:
        return str(_l("%(size)s kB", size=number(max(1, round(amount / 1024)))))
    return str(_l("%(size)s MB", size=number(round(amount / MEGABYTE, 1))))
