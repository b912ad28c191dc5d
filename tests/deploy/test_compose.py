"""The single-host compose file: valid, every part there, migrated first, configured as read.

There is no Docker engine on these machines, so `docker compose config` cannot run: the
file is validated against the Compose Specification's own JSON schema instead
(deploy/schemas/, its source named there) and checked against the code.
"""
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["identity", "invitations", "competencies", "documents", "notifications"]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())


def dockerfile_targets() -> set[str]:
    text = (ROOT / "deploy" / "Dockerfile").read_text()
    return set(re.findall(r"^FROM \S+ AS (\S+)$", text, flags=re.MULTILINE))


def reads(service: str) -> set[str]:
    config = (ROOT / "services" / service / "config.yml").read_text()
    return set(re.findall(r"\$\{([A-Z0-9_]+)", config))


def test_it_is_valid_by_the_compose_specification(compose):
    schema = json.loads((ROOT / "deploy" / "schemas" / "compose-spec.json").read_text())
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(compose)]
    assert errors == []


def test_it_runs_the_broker_with_management_the_database_and_the_local_helpers(compose):
    names = set(compose["services"])
    assert {"rabbitmq", "postgres", "mailcatcher", "smsgateway", "dev-eid", "web",
            "origin", *SERVICES} <= names
    assert compose["services"]["rabbitmq"]["image"].endswith("-management")


def test_every_image_it_builds_is_a_target_of_the_dockerfile(compose):
    targets = {spec["build"]["target"] for spec in compose["services"].values()
               if "build" in spec}
    assert targets <= dockerfile_targets()
    assert {*SERVICES, "web", "dev-eid", "local-tools"} == targets


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_runs_after_its_migration_and_queue_declaration(compose, service):
    migrate = compose["services"][f"{service}-migrate"]
    loads = " && python -m competencies.manage load-curricula" if service == "competencies" else ""
    assert migrate["command"][-1] == (
        f"alembic -c /app/services/{service}/alembic.ini upgrade head{loads} && exec python -m "
        f"portal_kit.topology declare {service}.entrypoints.service")
    assert migrate["build"]["target"] == service
    spec = compose["services"][service]
    assert spec["build"]["target"] == service
    assert spec["depends_on"][f"{service}-migrate"] == {
        "condition": "service_completed_successfully"}
    assert "command" not in spec  # the image's own: python -m portal_kit.serve ...
    assert spec["environment"][f"{service.upper()}_DATABASE_URL"].endswith(f"/{service}")


@pytest.mark.parametrize("service", SERVICES)
def test_every_variable_set_for_a_service_is_one_it_reads(compose, service):
    for name in (service, f"{service}-migrate"):
        assert set(compose["services"][name]["environment"]) <= reads(service), name


def test_the_broker_user_is_not_guest_which_reaches_only_localhost(compose):
    for service in SERVICES:
        uri = compose["services"][service]["environment"]["AMQP_URI"]
        assert not uri.startswith("amqp://guest:")
    assert compose["services"]["rabbitmq"]["environment"]["RABBITMQ_DEFAULT_USER"] == "portal"


def test_the_database_init_script_gives_each_service_and_web_its_own_database_and_owner():
    script = (ROOT / "deploy" / "postgres-init.sql").read_text()
    owned = re.findall(r"CREATE DATABASE (\w+) OWNER (\w+);", script)
    assert sorted(owned) == sorted((s, s) for s in [*SERVICES, "web"])


def test_the_web_front_end_runs_after_its_migration_and_calls_every_service(compose):
    assert compose["services"]["web-migrate"]["command"] == [
        "alembic", "-c", "/app/services/web/alembic.ini", "upgrade", "head"]
    web = compose["services"]["web"]
    assert web["build"]["target"] == "web"
    assert web["environment"]["WEB_DATABASE_URL"].endswith("/web")
    for service in SERVICES:
        assert web["environment"][f"{service.upper()}_URL"] == f"http://{service}:8000"


def test_the_origin_sends_everything_outside_the_api_to_the_web_front_end(compose):
    command = compose["services"]["origin"]["command"]
    assert command[command.index("--default") + 1] == "http://web:8000"
    routes = [command[i + 1] for i, arg in enumerate(command) if arg == "--route"]
    assert sorted(routes) == sorted(f"{s}=http://{s}:8000" for s in SERVICES)


def test_notifications_sends_to_the_mail_catcher_and_the_sms_gateway(compose):
    environment = compose["services"]["notifications"]["environment"]
    assert environment["SMTP_HOST"] == "mailcatcher"
    assert environment["SMS_GATEWAY_URL"] == "http://smsgateway:8008/messages"


def test_the_development_eid_provider_runs_in_identitys_network_on_its_own_port(compose):
    spec = compose["services"]["dev-eid"]
    assert spec["build"]["target"] == "dev-eid"
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
