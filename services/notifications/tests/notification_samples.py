"""A plain, valid set of values for every template (as the handlers give them)."""
from datetime import UTC, date, datetime

AT = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
BASE = {"recipient_name": "Kari Nordmann", "time_zone": "Europe/Oslo",
        "portal_url": "http://localhost:8000/"}

MAIL = {
    "dpa_signed": {"organisation": "Bergen kommune", "signatory": "Nora Eriksen",
                   "signed_at": AT, "text_version": 3, "paper": False, "is_signatory": True},
    "dpa_terminated": {"organisation": "Bergen kommune", "reason": "Merged with Askøy.",
                       "terminated_at": AT, "by_operator": True, "is_signatory": False},
    "registration_approved": {},
    "contact_changed": {"changed_at": AT, "new_address": "k***@example.no"},
    "invitation": {"trainee_name": "Kari Nordmann", "role": "advisor",
                   "organisation": "Bergen kommune", "link": "http://localhost:8000/i/abc",
                   "expires_at": AT},
    "invitation_reminder": {"trainee_name": "Kari Nordmann", "role": "leader",
                            "organisation": "Bergen kommune",
                            "link": "http://localhost:8000/i/abc", "expires_at": AT,
                            "unsubscribe_url": "http://localhost:8000/u/1"},
    "vejleder_access": {"tutor_name": "Søren Nielsen", "practice": "Lægehuset Nørrebro",
                        "valid_from": date(2026, 3, 1), "valid_to": date(2026, 8, 31),
                        "trainee_names": ["Mette Jensen"], "link": "http://localhost:8000/"},
    "awaiting_approval": {"trainee_name": "Mette Jensen", "item_title": "Akut patient",
                          "link": "http://localhost:8000/queue",
                          "unsubscribe_url": "http://localhost:8000/u/2"},
    "sign_off_decision": {"decision": "returned", "item_title": "Akut patient",
                          "approver_name": "Søren Nielsen", "comment": "Beskriv vurderingen.",
                          "link": "http://localhost:8000/signoff/enrolments/e1",
                          "unsubscribe_url": "http://localhost:8000/u/4"},
    "awaiting_approval_digest": {
        "items": [{"trainee_name": "Mette Jensen", "item_title": "Akut patient"},
                  {"trainee_name": "Jens Hansen", "item_title": "Kronisk patient"}],
        "link": "http://localhost:8000/queue", "unsubscribe_url": "http://localhost:8000/u/3"},
    "document_confirmed": {"kind": "course_certificate", "curriculum_item": "KLS-012",
                           "decided_by": "Ola Hansen", "decided_at": AT,
                           "unsubscribe_url": "http://localhost:8000/u/4"},
    "document_rejected": {"kind": "time_attestation", "reason": "The scan is unreadable.",
                          "decided_by": "", "decided_at": AT,
                          "unsubscribe_url": "http://localhost:8000/u/5"},
}
SMS = {"invitation": MAIL["invitation"], "vejleder_access": MAIL["vejleder_access"]}


def mail_values(template: str) -> dict:
    return dict(BASE, **MAIL[template])


def sms_values(template: str) -> dict:
    return dict(BASE, **SMS[template])
