"""An expected 503 during a database outage is one WARNING line per request, no traceback."""
import logging

import pytest
import requests
from test_database_outage import set_connections_allowed

from portal_kit.testing import base_url


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # ALLOW_CONNECTIONS
def test_each_request_refused_during_a_database_outage_logs_one_warning_without_traceback(
        ledger, ledger_config, postgres_admin_url, database_url, caplog):
    url = base_url(ledger_config)
    set_connections_allowed(postgres_admin_url, database_url, False)
    try:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            for n in range(3):
                response = requests.post(f"{url}/api/ledger/v1/notes", json={"note": f"{n}"},
                                         timeout=30)
                assert response.status_code == 503, response.text
    finally:
        set_connections_allowed(postgres_admin_url, database_url, True)
    about_requests = [r for r in caplog.records if r.name == "nameko.containers"]
    assert [r.levelname for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert [r.levelname for r in about_requests] == ["WARNING"] * 3
    assert not any(r.exc_info for r in about_requests)
    assert all("unavailable" in r.getMessage() for r in about_requests)
