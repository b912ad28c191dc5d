"""The single-host compose file: every service, migrated first, configured as its config reads."""
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["identity", "invitations", "competencies", "documents", "notifications"]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_migrates_its_database_declares_its_queues_then_runs_its_service(
        compose, service):
    spec = compose["services"][service]
    command = spec["command"][-1]
    load = " && python -m competencies.manage load-curricula" if service == "competencies" else ""
    assert command.startswith(f"alembic -c /app/services/{service}/alembic.ini upgrade head"
                              f"{load} && "
                              f"python -m portal_kit.topology declare {service}.entrypoints.service"
                              f" && exec python -m portal_kit.serve")
    assert f"{service}.entrypoints.service" in command
    assert spec["build"]["args"]["SERVICE"] == service
    assert spec["environment"][f"{service.upper()}_DATABASE_URL"].endswith(f"/{service}")


@pytest.mark.parametrize("service", SERVICES)
def test_every_variable_set_for_a_service_is_one_it_reads(compose, service):
    config = (ROOT / "services" / service / "config.yml").read_text()
    read = set(re.findall(r"\$\{([A-Z_]+)", config)) | {"PORTAL_DATA_DIR"}
    assert set(compose["services"][service]["environment"]) - {"IDENTITY_URL"} <= read


def test_the_database_init_script_creates_one_database_per_service_and_the_web_front_end():
    script = (ROOT / "deploy" / "postgres-init.sql").read_text()
    assert sorted(re.findall(r"CREATE DATABASE (\w+);", script)) == sorted([*SERVICES, "web"])


def test_the_web_front_end_migrates_its_database_then_runs_gunicorn(compose):
    web = compose["services"]["web"]
    assert web["build"]["target"] == "web"
    assert web["command"][-1].startswith("alembic -c /app/services/web/alembic.ini upgrade head")
    assert "gunicorn --config /app/services/web/gunicorn.conf.py" in web["command"][-1]
    assert web["environment"]["WEB_DATABASE_URL"].endswith("/web")


def test_the_web_front_end_calls_every_service_in_the_network(compose):
    environment = compose["services"]["web"]["environment"]
    for service in SERVICES:
        assert environment[f"{service.upper()}_URL"] == f"http://{service}:8000"


def test_the_origin_sends_everything_outside_the_api_to_the_web_front_end(compose):
    command = compose["services"]["origin"]["command"]
    assert command[command.index("--default") + 1] == "http://web:8000"


def test_the_development_eid_provider_runs_in_identitys_network_on_its_own_port(compose):
    spec = compose["services"]["dev-eid"]
    assert spec["build"]["dockerfile"] == "deploy/dev_eid/Dockerfile"
    assert spec["network_mode"] == "service:identity"
    assert "8007:8007" in compose["services"]["identity"]["ports"]
    assert spec["environment"]["DEV_EID_HTTP_ADDRESS"].endswith(":8007")


def test_every_variable_set_for_the_development_eid_provider_is_one_it_reads(compose):
    read = set(re.findall(r'"([A-Z_]+)"', (ROOT / "deploy" / "dev_eid" / "dev_eid"
                                          / "settings.py").read_text()))
    assert set(compose["services"]["dev-eid"]["environment"]) <= read


def test_the_development_eid_provider_stays_out_of_the_production_manifests():
    manifests = " ".join(p.read_text() for p in (ROOT / "k8s").rglob("*.yaml"))
    assert "dev_eid" not in manifests and "dev-eid" not in manifests
