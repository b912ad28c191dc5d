"""What the end-to-end tests share: the running portal and how to read it."""
import json
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
    logs: Path

    def operator(self):
        response = requests.post(f"{self.url}/api/identity/v1/oauth/token", data={
            "grant_type": "client_credentials", "client_id": "operator",
            "client_secret": "dev-operator-secret"}, timeout=10)
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


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
