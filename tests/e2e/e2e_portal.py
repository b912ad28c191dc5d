"""What the end-to-end tests share: the running portal and how to read it."""
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from subprocess import Popen

import requests

from portal_contracts.identity import DPA_SIGNED_V2
from portal_kit import events as ce
from portal_kit.testing import Vhost, wait_for

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["identity", "invitations", "competencies", "documents", "notifications"]


@dataclass(frozen=True)
class Portal:
    url: str
    mail_url: str
    vhost: Vhost
    process: Popen
    logs: Path
    summary: str = ""
    databases: dict = field(default_factory=dict)

    def operator(self):
        response = requests.post(f"{self.url}/api/identity/v1/oauth/token", data={
            "grant_type": "client_credentials", "client_id": "operator",
            "client_secret": "dev-operator-secret"}, timeout=10)
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def organisation_number():
    """A fresh valid organisasjonsnummer (python-stdnum decides)."""
    from stdnum.no import orgnr
    while True:
        number = "9" + str(uuid.uuid4().int)[:8]
        if orgnr.is_valid(number):
            return number


def publish_agreement_text(portal, operator):
    response = requests.post(f"{portal.url}/api/identity/v1/agreement-texts", headers=operator,
                             json={"title": "Databehandleravtale", "body": "Avtaletekst."},
                             timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def lines_not_json(logs: Path) -> dict[str, list[str]]:
    """Per log file, the lines that are not one JSON object each (all must be)."""
    found = {}
    for log in sorted(logs.glob("*.log")):
        bad = [line for line in log.read_text(errors="replace").splitlines()
               if not _is_json_object(line)]
        if bad:
            found[log.name] = bad[:5]
    return found


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def mails_to(portal, address):
    response = requests.get(f"{portal.mail_url}/messages", params={"to": address}, timeout=5)
    return response.json()


def eventually(predicate, timeout=20):
    return wait_for(predicate, timeout=timeout, interval=0.1)


EARLY_ORGANISATION = str(uuid.uuid4())
EARLY_CONTACT = f"post-{EARLY_ORGANISATION[:8]}@eidfjord.kommune.no"


def signed_before_the_services_started():
    """A dpa.signed event as identity publishes it, sent after deploy/run.py --prepare
    declared the queues and before any consumer first started."""
    return ce.envelope(
        source="/portal/identity", type=DPA_SIGNED_V2, subject=f"organisations/{EARLY_ORGANISATION}",
        time=datetime.now(UTC), correlation_id="e2e-early",
        dataschema=f"http://localhost:8000/api/identity/schemas/{DPA_SIGNED_V2}.json",
        data={"organisation_id": EARLY_ORGANISATION, "organisation_name": "Eidfjord kommune",
              "kind": "municipality", "contact_email": EARLY_CONTACT, "agreement_version": 1,
              "recorded_by": "operator", "signatory_name": "Ordførar", "country": "NO",
              "text_version": 1, "signatory_person_id": None, "signature_method": "paper",
              "signed_at": datetime.now(UTC).isoformat()})
