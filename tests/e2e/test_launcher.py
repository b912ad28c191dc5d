import os
import signal
import subprocess
import sys
from pathlib import Path

import requests

from e2e_portal import ROOT, eventually, organisation_number, publish_agreement_text


def test_the_launcher_says_at_once_when_the_broker_cannot_be_reached(tmp_path):
    env = dict(os.environ, AMQP_URI="amqp://guest:guest@127.0.0.1:9/", PORTAL_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "deploy/run.py"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "RabbitMQ is not reachable at amqp://guest:***@127.0.0.1:9/" in result.stderr
    assert "rabbitmq-server -detached" in result.stderr


def test_the_launcher_runs_five_services_web_the_origin_mail_and_sms_catchers_and_eid(
        portal):
    children = subprocess.run(["pgrep", "-P", str(portal.process.pid)], capture_output=True,
                              text=True).stdout.split()
    assert len(children) == 10  # five services, web, origin, mail catcher, SMS gateway, eID


def test_the_local_sms_gateway_answers_at_the_printed_address(portal):
    line = next(line for line in portal.summary.splitlines() if "SMS gateway" in line)
    address = line.split()[-1]
    assert address == f"http://127.0.0.1:{int(portal.url.rsplit(':', 1)[1]) + 8}/"
    assert requests.get(f"{address}health", timeout=10).json() == {"status": "ok"}
    assert requests.get(address, timeout=10).headers["Content-Type"].startswith("text/html")


def test_the_development_eid_provider_answers_discovery_at_the_printed_address(portal):
    line = next(line for line in portal.summary.splitlines()
                if "development eID provider" in line)
    address = line.split()[3]
    assert address == f"http://localhost:{int(portal.url.rsplit(':', 1)[1]) + 7}"
    for broker in ("helseid", "nemlogin"):
        response = requests.get(f"{address}/{broker}/.well-known/openid-configuration",
                                timeout=10)
        assert response.status_code == 200
        assert response.json()["issuer"] == f"{address}/{broker}"


def test_a_killed_service_is_restarted_and_catches_up_on_what_happened_meanwhile(
        portal, operator):
    invitations = next(pid for pid in _children(portal)
                       if "invitations.entrypoints.service" in _command(pid))
    os.kill(int(invitations), signal.SIGKILL)
    number = organisation_number()
    publish_agreement_text(portal, operator)
    org = requests.post(f"{portal.url}/api/identity/v1/organisations", headers=operator, json={
        "name": "Voss herad", "kind": "municipality", "country": "NO",
        "organisation_number": number, "contact_email": "post@voss.kommune.no"}, timeout=10).json()
    signed = requests.post(
        f"{portal.url}/api/identity/v1/organisations/{org['id']}/agreement/sign",
        headers=operator, json={"signatory_name": "Ordførar"}, timeout=10)
    assert signed.status_code == 200
    record = eventually(lambda: (r := requests.get(
        f"{portal.url}/api/invitations/v1/organisations/{org['id']}/agreement",
        headers=operator, timeout=10)).status_code == 200 and r.json(), timeout=60)
    assert record["in_force"] is True
    assert invitations not in _children(portal)


def _children(portal):
    return subprocess.run(["pgrep", "-P", str(portal.process.pid)], capture_output=True,
                          text=True).stdout.split()


def _command(pid):
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
