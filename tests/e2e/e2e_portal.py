"""What the end-to-end tests share: the running portal and how to read it."""
import uuid
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen

import requests

from portal_kit.testing import Vhost, wait_for

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["identity", "invitations", "competencies", "documents", "notifications"]


@dataclass(frozen=True)
class Portal:
    url: str
    mail_url: str
    vhost: Vhost
    process: Popen
    summary: str = ""

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


def mails_to(portal, address):
    response = requests.get(f"{portal.mail_url}/messages", params={"to": address}, timeout=5)
    return response.json()


def eventually(predicate, timeout=20):
    return wait_for(predicate, timeout=timeout, interval=0.1)
