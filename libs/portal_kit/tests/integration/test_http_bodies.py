"""Request bodies as real clients send them, through the service's own HTTP server."""
import requests

from portal_kit.testing import base_url


def chunks(*parts):
    """A body requests sends with ``Transfer-Encoding: chunked`` and no ``Content-Length``."""
    yield from parts


def test_a_chunked_body_is_read(ledger, ledger_config, db):
    response = requests.post(f"{base_url(ledger_config)}/api/ledger/v1/notes",
                             data=chunks(b'{"note": ', b'"sent in chunks"}'),
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 201, response.text
    assert db("select note from entries") == [("sent in chunks",)]


def test_a_chunked_body_over_the_limit_is_refused(ledger, ledger_config, db):
    response = requests.post(f"{base_url(ledger_config)}/api/ledger/v1/notes",
                             data=chunks(b'{"note": "', *[b"x" * 65536] * 20, b'"}'),
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 400
    assert response.json()["code"] == "body_too_large"
    assert db("select count(*) from entries") == [(0,)]
