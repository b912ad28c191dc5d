"""Readiness follows the database only; the broker's reachability is the portal_broker_up gauge."""
from dataclasses import replace

import requests
from prometheus_client.parser import text_string_to_metric_families

from kit_ledger import PARTS, metadata
from portal_kit.platform import platform_endpoints
from portal_kit.runtime import Runtime
from portal_kit.testing import base_url, free_port, service_config, wait_for
from portal_kit.wiring import wire


def bootstrap(config, on_commit=lambda: None):
    app = wire(replace(PARTS, name="httponly"), config, on_commit=on_commit)
    metadata.create_all(app.engine)
    return app


class HttpOnlyService(platform_endpoints("httponly", {})):  # type: ignore[misc]
    """Answers HTTP only, so it starts even when its broker cannot be reached."""

    name = "httponly"
    runtime = Runtime(bootstrap)


def broker_up(url, service):
    text = requests.get(f"{url}/metrics", timeout=10).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "portal_broker_up" and sample.labels["service"] == service:
                return sample.value
    return None


def test_a_pod_whose_broker_is_unreachable_stays_ready_and_reports_the_broker_down(
        container_factory, database_url, vhost):
    dead_broker = f"amqp://guest:guest@127.0.0.1:{free_port()}/"
    config = service_config(database_url, vhost, AMQP_URI=dead_broker, BROKER_CHECK_SECONDS=0.2)
    container_factory(HttpOnlyService, config).start()
    url = base_url(config)
    # the gauge is one per process, so wait for this service's own report first
    ready = wait_for(lambda: _reported(url, "down"))
    assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok"}
    assert broker_up(url, "httponly") == 0.0


def _reported(url, broker):
    ready = requests.get(f"{url}/health/ready", timeout=10)
    return ready if ready.json().get("broker") == broker else None


def test_a_reachable_broker_is_reported_up_beside_readiness(ledger, ledger_config):
    url = base_url(ledger_config)
    assert wait_for(lambda: broker_up(url, "ledger") == 1.0)
    ready = requests.get(f"{url}/health/ready", timeout=10).json()
    assert ready["checks"] == {"database": "ok"} and ready["broker"] == "up"

