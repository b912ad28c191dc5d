"""Every line every process of a `make run` session writes is one JSON object."""
import requests

from e2e_portal import SERVICES, lines_not_json


def test_every_line_of_every_log_is_json_also_after_failed_requests(portal, operator):
    for service in SERVICES:
        requests.get(f"{portal.url}/api/{service}/no-such-route", timeout=10)
        requests.get(f"{portal.url}/api/{service}/v1/organisations/x/agreement", timeout=10)
        requests.request("PROPFIND", f"{portal.url}/api/{service}/openapi.json", timeout=10)
    requests.post(f"{portal.url}/api/identity/v1/organisations", data=b"{not json",
                  headers=dict(operator, **{"Content-Type": "application/json"}), timeout=10)
    requests.get(f"{portal.mail_url}/messages/no-such-mail", timeout=10)
    logs = sorted(path.name for path in portal.logs.glob("*.log"))
    assert logs == sorted([*(f"{s}.log" for s in SERVICES), "origin.log", "mailcatcher.log",
                           "smsgateway.log", "dev-eid.log", "web.log"])
    assert lines_not_json(portal.logs) == {}
