"""The national operator's Kubernetes manifests: complete, current and consistent."""
from pathlib import Path
from typing import Any

import pytest
import yaml

K8S = Path(__file__).resolve().parents[2] / "k8s"
SERVICES = ["identity", "invitations", "competencies", "documents", "notifications"]
REMOVED_APIS = {"extensions/v1beta1", "apps/v1beta1", "apps/v1beta2", "policy/v1beta1",
                "networking.k8s.io/v1beta1"}
SECRETS_EXAMPLE = "secrets.example.yaml"
Doc = dict[str, Any]


def documents_in(path: Path) -> list[Doc]:
    """Every non-empty YAML document in one file."""
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def all_documents() -> list[tuple[str, Doc]]:
    """(file name, document) for every manifest, the secrets example included."""
    return [(path.name, doc) for path in sorted(K8S.glob("*.yaml")) for doc in documents_in(path)]


def applied() -> list[Doc]:
    """The documents kustomize applies."""
    return [doc for name, doc in all_documents() if name != SECRETS_EXAMPLE]


def find(kind: str, name: str) -> Doc:
    """The applied document of this kind and name."""
    found = [d for d in applied() if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name}, found {len(found)}"
    return found[0]


def main_container(service: str) -> Doc:
    """The service's own container in its Deployment."""
    return find("Deployment", service)["spec"]["template"]["spec"]["containers"][0]


def env_of(container: Doc) -> dict[str, Doc]:
    """The container's env entries by name."""
    return {entry["name"]: entry for entry in container.get("env", [])}


def test_every_document_has_an_api_version_a_kind_and_a_name():
    for file_name, doc in all_documents():
        assert doc.get("apiVersion") and doc.get("kind"), file_name
        assert doc.get("metadata", {}).get("name"), file_name


def test_no_document_uses_a_removed_api_version():
    used = {doc["apiVersion"] for _, doc in all_documents()}
    assert not used & REMOVED_APIS


def test_the_kustomization_lists_every_manifest_but_the_secrets_example():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    manifests = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml", SECRETS_EXAMPLE}
    assert sorted(kustomization["resources"]) == sorted(manifests)
    assert kustomization["namespace"] == "portal"


def test_the_portal_namespace_exists():
    assert find("Namespace", "portal")


@pytest.mark.parametrize("service", SERVICES)
class TestEachService:
    def test_it_has_a_deployment_a_service_and_a_disruption_budget(self, service):
        assert find("Service", service)["spec"]["ports"][0]["port"] == 8000
        assert find("PodDisruptionBudget", service)["spec"]["minAvailable"] == 1
        assert main_container(service)["image"] == f"ghcr.io/portal/{service}:latest"

    def test_it_runs_its_nameko_service_on_port_8000(self, service):
        container = main_container(service)
        assert container["command"] == ["python", "-m", "portal_kit.serve", "--config",
                                        f"/app/services/{service}/config.yml",
                                        f"{service}.entrypoints.service"]
        assert container["ports"][0]["containerPort"] == 8000
        address = env_of(container)[f"{service.upper()}_HTTP_ADDRESS"]["value"]
        assert address == "0.0.0.0:8000"

    def test_its_probes_point_at_the_health_endpoints(self, service):
        container = main_container(service)
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"

    def test_it_reads_its_database_and_broker_from_secrets(self, service):
        env = env_of(main_container(service))
        database = env[f"{service.upper()}_DATABASE_URL"]["valueFrom"]["secretKeyRef"]
        assert database == {"name": f"{service}-db", "key": "DATABASE_URL"}
        assert env["AMQP_URI"]["valueFrom"]["secretKeyRef"] == {"name": "rabbitmq", "key": "uri"}
        assert env["PORTAL_ENV"]["value"] == "production"
        if service != "identity":  # the others fetch identity's keys (JWKS) in-cluster
            assert env["IDENTITY_URL"]["value"] == "http://identity:8000"

    def test_it_migrates_its_database_then_declares_its_queues_before_starting(self, service):
        migrate, *loads, declare = find("Deployment", service)["spec"]["template"]["spec"][
            "initContainers"]
        assert [c["command"] for c in loads] == ([
            ["python", "-m", "competencies.manage", "load-curricula"]]
            if service == "competencies" else [])
        assert migrate["command"] == ["alembic", "-c", f"/app/services/{service}/alembic.ini",
                                      "upgrade", "head"]
        assert f"{service.upper()}_DATABASE_URL" in env_of(migrate)
        assert declare["command"] == ["python", "-m", "portal_kit.topology", "declare",
                                      f"{service}.entrypoints.service"]
        assert declare["image"] == main_container(service)["image"]
        assert env_of(declare)["AMQP_URI"]["valueFrom"]["secretKeyRef"] == {
            "name": "rabbitmq", "key": "uri"}

    def test_it_runs_as_non_root_on_a_read_only_root_with_limits(self, service):
        pod = find("Deployment", service)["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        for container in pod["containers"] + pod["initContainers"]:
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
            assert {"requests", "limits"} <= set(container["resources"])

    def test_the_ingress_routes_its_api_prefix_to_it(self, service):
        paths = find("Ingress", "portal")["spec"]["rules"][0]["http"]["paths"]
        [route] = [p for p in paths if p["path"] == f"/api/{service}/"]
        assert route["backend"]["service"] == {"name": service, "port": {"number": 8000}}


def test_every_secret_a_pod_reads_is_documented_in_the_example():
    example = {(d["metadata"]["name"], key) for d in documents_in(K8S / SECRETS_EXAMPLE)
               for key in d["stringData"]}
    for service in SERVICES:
        container = main_container(service)
        for entry in env_of(container).values():
            ref = entry.get("valueFrom", {}).get("secretKeyRef")
            assert ref is None or (ref["name"], ref["key"]) in example
        for source in container.get("envFrom", []):
            assert any(name == source["secretRef"]["name"] for name, _ in example)


def test_the_example_documents_identity_and_smtp_secrets():
    keys = {key for d in documents_in(K8S / SECRETS_EXAMPLE) for key in d["stringData"]}
    assert {"IDENTITY_SIGNING_KEY", "OPERATOR_CLIENT_SECRET", "SMTP_HOST", "SMTP_PORT",
            "SMTP_USERNAME", "SMTP_PASSWORD"} <= keys


def test_portal_pods_accept_traffic_only_from_the_ingress_controller_and_each_other():
    policy = find("NetworkPolicy", "portal-ingress")["spec"]
    assert policy["podSelector"]["matchLabels"] == {"app.kubernetes.io/part-of": "portal"}
    assert policy["policyTypes"] == ["Ingress"]
    sources = [peer for rule in policy["ingress"] for peer in rule["from"]]
    assert any("namespaceSelector" in peer for peer in sources)
    assert {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": "portal"}}} in sources


def variables_read_by(service: str) -> set[str]:
    """The environment variables the service's nameko config.yml interpolates."""
    import re
    text = (K8S.parent / "services" / service / "config.yml").read_text()
    return set(re.findall(r"\$\{([A-Z0-9_]+)", text))


@pytest.mark.parametrize("service", SERVICES)
def test_every_variable_a_deployment_sets_is_one_its_service_reads(service):
    for container in (main_container(service), *find("Deployment", service)["spec"]["template"][
            "spec"].get("initContainers", [])):
        assert set(env_of(container)) <= variables_read_by(service), container["name"]


class TestTheWebFrontEnd:
    def pod(self) -> Doc:
        return find("Deployment", "web")["spec"]["template"]["spec"]

    def test_it_has_a_deployment_a_service_and_a_disruption_budget(self):
        assert find("Service", "web")["spec"]["ports"][0]["port"] == 8000
        assert find("PodDisruptionBudget", "web")["spec"]["minAvailable"] == 1
        assert main_container("web")["image"] == "ghcr.io/portal/web:latest"

    def test_it_runs_gunicorn_on_port_8000_with_its_probes(self):
        container = main_container("web")
        assert container["command"] == ["gunicorn", "--config",
                                        "/app/services/web/gunicorn.conf.py",
                                        "web.app:create_app()"]
        assert find("ConfigMap", "web-config")["data"]["WEB_HTTP_ADDRESS"] == "0.0.0.0:8000"
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"

    def test_it_migrates_its_session_tables_before_starting(self):
        [migrate] = self.pod()["initContainers"]
        assert migrate["command"] == ["alembic", "-c", "/app/services/web/alembic.ini",
                                      "upgrade", "head"]
        assert env_of(migrate)["WEB_DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {
            "name": "web-db", "key": "DATABASE_URL"}

    def test_its_secrets_come_from_secrets_documented_in_the_example(self):
        example = {(d["metadata"]["name"], key) for d in documents_in(K8S / SECRETS_EXAMPLE)
                   for key in d["stringData"]}
        env = env_of(main_container("web"))
        for name in ("WEB_DATABASE_URL", "WEB_CLIENT_SECRET", "WEB_SECRET_KEY"):
            ref = env[name]["valueFrom"]["secretKeyRef"]
            assert (ref["name"], ref["key"]) in example

    def test_it_is_configured_for_production_and_calls_the_services_in_cluster(self):
        config = find("ConfigMap", "web-config")["data"]
        assert config["PORTAL_ENV"] == "production"
        assert config["PUBLIC_BASE_URL"].startswith("https://")
        for service in SERVICES:
            assert config[f"{service.upper()}_URL"] == f"http://{service}:8000"
        sources = main_container("web")["envFrom"]
        assert {"configMapRef": {"name": "web-config"}} in sources

    def test_every_variable_it_is_given_is_one_it_reads(self):
        import re
        code = "".join((K8S.parent / "services" / "web" / name).read_text()
                       for name in ("web/config.py", "gunicorn.conf.py"))
        read = set(re.findall(r'get\("([A-Z_]+)"', code)) | {
            f"{s.upper()}_URL" for s in SERVICES}
        given = set(find("ConfigMap", "web-config")["data"]) | set(env_of(main_container("web")))
        assert given <= read

    def test_it_runs_as_non_root_on_a_read_only_root_with_limits(self):
        pod = self.pod()
        assert pod["securityContext"]["runAsNonRoot"] is True
        for container in pod["containers"] + pod["initContainers"]:
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
            assert {"requests", "limits"} <= set(container["resources"])

    def test_the_ingress_sends_every_path_outside_the_api_to_it(self):
        paths = find("Ingress", "portal")["spec"]["rules"][0]["http"]["paths"]
        [route] = [p for p in paths if p["path"] == "/"]
        assert route["pathType"] == "Prefix"
        assert route["backend"]["service"] == {"name": "web", "port": {"number": 8000}}
