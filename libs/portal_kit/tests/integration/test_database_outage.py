"""The database goes away under a running service: clear answers, nothing lost."""
import psycopg2
import pytest
import requests

from kit_ledger import thing
from portal_kit.testing import base_url, wait_for


def set_connections_allowed(admin_url, database_url, allowed):
    name = database_url.rsplit("/", 1)[1]
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
    connection.close()


def handler_failures(url):
    """Failed runs of the ledger's event handler so far, from its Prometheus metrics."""
    metrics = requests.get(f"{url}/metrics", timeout=30).text
    prefix = 'portal_event_handler_failures_total{handler="on_thing",service="ledger"} '
    lines = [line for line in metrics.splitlines() if line.startswith(prefix)]
    return float(lines[0][len(prefix):]) if lines else 0.0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_while_the_database_is_down_requests_get_503_and_events_wait_instead_of_dead_lettering(
        ledger, ledger_config, broker, db, postgres_admin_url, database_url):
    url = base_url(ledger_config)
    failures_before = handler_failures(url)
    set_connections_allowed(postgres_admin_url, database_url, False)
    try:
        event = thing(note="applied after the outage")
        broker.publish(event)
        response = requests.post(f"{url}/api/ledger/v1/notes", json={"note": "x"}, timeout=30)
        assert response.status_code == 503, response.text
        assert response.json()["code"] == "unavailable"
        ready = requests.get(f"{url}/health/ready", timeout=30)
        assert ready.status_code == 503 and ready.json()["checks"]["database"] == "failing"
        wait_for(lambda: handler_failures(url) >= failures_before + 3, timeout=30)
    finally:
        set_connections_allowed(postgres_admin_url, database_url, True)
    wait_for(lambda: db("select note from entries where event_id = :e", e=event["id"]),
             timeout=30)
    assert broker.drain("ledger.dead-letter") == []
