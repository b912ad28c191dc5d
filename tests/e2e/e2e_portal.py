"""What the end-to-end tests share: the running portal, how to start and stop it, how to read it.

The web front end's browser tests (services/web/tests/browser) start it the same way.
"""
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from subprocess import Popen
from urllib.parse import quote

import requests

from portal_contracts.identity import DPA_SIGNED_V2
from portal_kit import events as ce
from portal_kit.testing import Vhost, wait_for
from portal_kit.testing_infra import (
    Rabbit,
    create_database,
    create_vhost,
    delete_vhost,
    drop_database,
    free_port_block,
)

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

    @property
    def public_url(self) -> str:
        """The origin under the name the portal knows itself by (PUBLIC_BASE_URL): browsers
        use it, so cookies and the login's redirect URI match."""
        return self.url.replace("127.0.0.1", "localhost")

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


def queues_not_of_the_default_type(vhost: Vhost) -> dict[str, str]:
    """Each queue of the vhost whose type is not the vhost's default (quorum when
    PORTAL_TEST_QUEUE_TYPE=quorum, as production's; otherwise classic), with its type.

    Not an auto-delete queue (a test's own listener, gone with its connection; the kit
    declares none): a quorum queue cannot auto-delete, so the broker makes those classic.
    Nor an outside subscriber's (``sub-<subscriber>.``, docs/examples/subscriber.py): it
    declares its own queue, quorum whatever the vhost's default, as production's should."""
    expected = os.environ.get("PORTAL_TEST_QUEUE_TYPE") or "classic"
    found = vhost.api("GET", f"/api/queues/{quote(vhost.name, safe='')}")
    found.raise_for_status()
    return {queue["name"]: queue["type"] for queue in found.json()
            if queue["type"] != expected
            and not queue["auto_delete"] and not queue["name"].startswith("sub-")}


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


@contextmanager
def running_portal(postgres_admin_url: str, rabbit: Rabbit, data_dir: Path,
                   before_start: Callable[[dict, Vhost], None] | None = None) -> Iterator[Portal]:
    """deploy/run.py on fresh PostgreSQL databases (the web front end's too), a fresh vhost
    (quorum by default with PORTAL_TEST_QUEUE_TYPE=quorum) and free ports; stopped with
    Ctrl-C afterwards, everything it made removed, every queue it declared checked to be
    of the vhost's default type and every log line it wrote checked to be JSON."""
    databases = {s: create_database(postgres_admin_url, f"e2e_{s}") for s in [*SERVICES, "web"]}
    vhost = create_vhost(rabbit)
    port, smtp_port, mail_port = free_port_block(9), free_port_block(1), free_port_block(1)
    env = dict(os.environ, AMQP_URI=vhost.amqp_uri, PORTAL_PORT=str(port),
               PORTAL_DATA_DIR=str(data_dir),
               MAILCATCHER_SMTP_PORT=str(smtp_port), MAILCATCHER_HTTP_PORT=str(mail_port),
               **{f"{s.upper()}_DATABASE_URL": url for s, url in databases.items()})
    env.pop("SMTP_HOST", None)
    env.pop("SMS_GATEWAY_URL", None)
    process = None
    try:
        if before_start:
            before_start(env, vhost)
        process = subprocess.Popen([sys.executable, "deploy/run.py"], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        summary = wait_until_running(process)
        yield Portal(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{mail_port}", vhost, process,
                     data_dir / "logs", summary, databases)
        # Again at the end of the run: a retry queue is declared when a handler first fails.
        odd = queues_not_of_the_default_type(vhost)
        assert odd == {}, f"queues not of the vhost's default type: {odd}"
    finally:
        try:
            if process is not None:
                stop(process)
        finally:
            delete_vhost(rabbit, vhost)
            for url in databases.values():
                drop_database(postgres_admin_url, url)
    assert lines_not_json(data_dir / "logs") == {}, "every log line, up to the stop, is JSON"


def wait_until_running(process: Popen, timeout: float = 180) -> str:
    """Read the launcher's output until its summary is printed whole; return the summary."""
    deadline, seen, summary = time.monotonic() + timeout, [], None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        seen.append(line)
        if "is running at" in line:
            summary = []
        if summary is not None:
            summary.append(line)
            if "Press Ctrl-C" in line:
                return "".join(summary)
        if not line and process.poll() is not None:
            break
    raise AssertionError("the portal did not start:\n" + "".join(seen))


def stop(process: Popen) -> None:
    """Ctrl-C, as a user would; every process the launcher started must be gone after."""
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True,
                              text=True).stdout.split()
    asked = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        assert process.wait(60) == 0
        print(f"make run stopped in {time.monotonic() - asked:.2f} s")  # measured, not asserted
    finally:
        if process.poll() is None:
            process.kill()
    still_running = [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert still_running == [], f"left behind: {still_running}"
