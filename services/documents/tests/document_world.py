"""Domain objects for the tests: a Danish KBU trainee with a tutor, a document, a clock."""
from __future__ import annotations

from datetime import UTC, date, datetime

from documents.domain.access import Actor, ApproverGrant, Enrolment, Placement, Relations
from documents.domain.model import Document, DocumentKind, Link, StoredFile

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TRAINEE, TUTOR, VEJLEDER, STRANGER = "p-mette", "p-soren", "p-anne", "p-ola"
REGION, OTHER_REGION = "org-hovedstaden", "org-syddanmark"


def enrolment(holder: str = REGION, country: str = "DK", **changes) -> Enrolment:
    values = {"enrolment_id": "enr-1", "trainee_id": TRAINEE, "curriculum": "kbu",
              "curriculum_version": "2017", "programme": "Klinisk basisuddannelse (KBU)",
              "country": country, "agreement_holder_id": holder}
    return Enrolment(**dict(values, **changes))


def grant(approver: str = TUTOR, role: str = "tutor", valid_from: date = date(2026, 2, 1),
          valid_to: date | None = date(2026, 7, 31), **changes) -> ApproverGrant:
    values = {"grant_id": f"g-{approver}-{role}", "trainee_id": TRAINEE,
              "approver_id": approver, "role": role, "organisation_id": REGION,
              "valid_from": valid_from, "valid_to": valid_to, "enrolment_id": "enr-1"}
    return ApproverGrant(**dict(values, **changes))


def relations(*grants: ApproverGrant, placements: tuple[Placement, ...] = ()) -> Relations:
    return Relations(TRAINEE, [enrolment()], list(placements), list(grants or [grant()]))


def person(person_id: str, *memberships: tuple[str, str], operator: bool = False) -> Actor:
    return Actor(person_id, operator, frozenset(memberships))


def stored(size: int = 1234) -> StoredFile:
    return StoredFile("a" * 32, "kursusbevis.pdf", "application/pdf", size, "f" * 64)


def document(kind: DocumentKind = DocumentKind.COURSE_CERTIFICATE, at: datetime = AT,
             link: Link = Link(curriculum_item="KBU-1")) -> Document:
    return Document.upload(trainee_id=TRAINEE, enrolment=enrolment(), kind=kind,
                           description="Kursus i akut medicin", stored=stored(), link=link,
                           confirmers=[TUTOR], at=at)
