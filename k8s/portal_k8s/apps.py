"""One app's manifests: Deployment, Service, disruption budget, migration Job, autoscaling;
the Ingress in front of them all; the base's kustomization."""
from __future__ import annotations

from typing import Any

from portal_k8s.parts import PORT, App

Doc = dict[str, Any]
USER = 10001
TMP = {"name": "tmp", "mountPath": "/tmp"}  # noqa: S108 - an emptyDir of its own
INGRESS_SUMMARY = """\
One origin for the whole portal: /api/<service>/ goes to that service and every other
path to the web front end, as the local origin (deploy/origin.py) does (the longest
matching prefix wins). The overlays set the host and the TLS certificate."""


def resources(app: App) -> list[Doc]:
    docs = [deployment(app), service(app), disruption_budget(app), migration_job(app),
            scaled_object(app)]
    return docs


def metadata(app: App, name: str | None = None, component: str | None = None) -> Doc:
    labels = dict(app.labels)
    labels["app.kubernetes.io/component"] = component or ("web" if app.is_web else "service")
    return {"name": name or app.name, "labels": labels}


def pod_security() -> Doc:
    return {"runAsNonRoot": True, "runAsUser": USER, "runAsGroup": USER, "fsGroup": USER,
            "seccompProfile": {"type": "RuntimeDefault"}}


def container_security() -> Doc:
    return {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
            "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}}


def secret_env(name: str, secret: tuple[str, str]) -> Doc:
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret[0], "key": secret[1]}}}


def database_env(app: App) -> Doc:
    return secret_env(f"{app.name.upper()}_DATABASE_URL", app.database_secret)


def broker_env(app: App) -> Doc:
    return secret_env("AMQP_URI", (app.broker_secret, "uri"))


def small_container(app: App, name: str, command: list[str], env: list[Doc]) -> Doc:
    return {"name": name, "image": app.image, "command": command, "env": env,
            "resources": {"requests": {"cpu": "50m", "memory": "128Mi"},
                          "limits": {"cpu": "500m", "memory": "256Mi"}},
            "securityContext": container_security(),
            "volumeMounts": [TMP]}


def command(app: App) -> list[str]:
    if app.is_web:
        return ["gunicorn", "--config", "/app/services/web/gunicorn.conf.py",
                "web.app:create_app()"]
    return ["python", "-m", "portal_kit.serve", "--config",
            f"/app/services/{app.name}/config.yml", f"{app.name}.entrypoints.service"]


def main_container(app: App) -> Doc:
    env = [database_env(app)]
    if not app.is_web:
        env.append(broker_env(app))
    env += [secret_env(name, ref) for name, ref in app.secrets.items()]
    sources: list[Doc] = [{"configMapRef": {"name": f"{app.name}-config"}}]
    sources += [{"secretRef": {"name": name}} for name in app.secret_sources]
    container: Doc = {
        "name": app.name, "image": app.image, "command": command(app),
        "ports": [{"name": "http", "containerPort": PORT, "protocol": "TCP"}],
        "envFrom": sources, "env": env,
        "startupProbe": probe("/health/live", period=2, failures=30),
        "livenessProbe": probe("/health/live", period=10, failures=3),
        # Not ready while its database does not answer, and from the moment it is asked to
        # stop (SIGTERM): it keeps serving PORTAL_STOP_DRAIN_SECONDS while it is taken out.
        "readinessProbe": probe("/health/ready", period=2, failures=2),
        "resources": {"requests": {"cpu": app.requests[0], "memory": app.requests[1]},
                      "limits": {"cpu": app.limits[0], "memory": app.limits[1]}},
        "securityContext": container_security(),
        "volumeMounts": [TMP] + [
            {"name": v.name, "mountPath": v.path} for v in app.volumes],
    }
    if app.is_web:  # gunicorn closes its socket on SIGTERM: keep serving while taken out
        container["lifecycle"] = {"preStop": {"sleep": {"seconds": 5}}}
    return container


def probe(path: str, period: int, failures: int) -> Doc:
    return {"httpGet": {"path": path, "port": "http"}, "periodSeconds": period,
            "timeoutSeconds": 2, "failureThreshold": failures}


def pod_spec(app: App, containers: list[Doc], init: list[Doc] | None = None) -> Doc:
    spec: Doc = {"automountServiceAccountToken": False, "enableServiceLinks": False,
                 "securityContext": pod_security()}
    if init:
        spec["initContainers"] = init
    spec["containers"] = containers
    spec["volumes"] = [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}] + [
        {"name": v.name, "emptyDir": {"sizeLimit": v.size}} for v in app.volumes]
    return spec


def deployment(app: App) -> Doc:
    wait = small_container(app, "wait-for-schema", [
        "python", "-m", "portal_kit.migrations", "wait", f"/app/services/{app.name}",
        "--timeout", "900"], [database_env(app)])
    spec = pod_spec(app, [main_container(app)], init=[wait])
    spec["terminationGracePeriodSeconds"] = 30
    spec["topologySpreadConstraints"] = [
        spread("topology.kubernetes.io/zone", app), spread("kubernetes.io/hostname", app)]
    meta = metadata(app)
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta, "spec": {
        # No replicas here: the ScaledObject's autoscaler owns them.
        "revisionHistoryLimit": 5,
        "selector": {"matchLabels": app.labels},
        "strategy": {"type": "RollingUpdate",
                     "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
        "template": {"metadata": {"labels": meta["labels"]}, "spec": spec}}}


def spread(key: str, app: App) -> Doc:
    """Spread across zones and nodes; never refuse to schedule for it (a drain must go on)."""
    return {"maxSkew": 1, "topologyKey": key, "whenUnsatisfiable": "ScheduleAnyway",
            "nodeTaintsPolicy": "Honor", "labelSelector": {"matchLabels": app.labels}}


def service(app: App) -> Doc:
    return {"apiVersion": "v1", "kind": "Service", "metadata": metadata(app), "spec": {
        "type": "ClusterIP", "selector": app.labels,
        "ports": [{"name": "http", "port": PORT, "targetPort": "http", "protocol": "TCP"}]}}


def disruption_budget(app: App) -> Doc:
    """One pod at a time may go, and an unhealthy one always may: a drain never waits
    on a pod that cannot become ready."""
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": metadata(app),
            "spec": {"maxUnavailable": 1, "unhealthyPodEvictionPolicy": "AlwaysAllow",
                     "selector": {"matchLabels": app.labels}}}


def migration_job(app: App) -> Doc:
    migrate = small_container(app, "migrate", [
        "alembic", "-c", f"/app/services/{app.name}/alembic.ini", "upgrade", "head"],
        [database_env(app)])
    loads = [small_container(app, command[-1], list(command), [database_env(app)])
             for command in app.after_migration]
    if app.is_web:
        containers, init = [migrate, *loads], None
    else:  # its consumer queues exist before its first start, so no event is missed
        declare = small_container(app, "declare-queues", [
            "python", "-m", "portal_kit.topology", "declare", f"{app.name}.entrypoints.service"],
            [broker_env(app)])
        containers, init = [declare], [migrate, *loads]
    spec = pod_spec(app, containers, init=init)
    spec["restartPolicy"] = "Never"
    meta = metadata(app, f"{app.name}-migrate", "migration")
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": {
        "backoffLimit": 6, "activeDeadlineSeconds": 1800, "ttlSecondsAfterFinished": 3600,
        "template": {"metadata": {"labels": meta["labels"]}, "spec": spec}}}


def scaled_object(app: App) -> Doc:
    """KEDA scales on the length of the app's consumer queues, and on CPU for HTTP load."""
    triggers: list[Doc] = [{"type": "cpu", "metricType": "Utilization",
                            "metadata": {"value": "70"}}]
    if app.consumes:
        triggers.insert(0, {
            "type": "rabbitmq", "authenticationRef": {"name": "keda-rabbitmq"},
            "metadata": {"protocol": "http", "mode": "QueueLength", "value": "50",
                         "useRegex": "true", "operation": "sum", "vhostName": "portal",
                         "queueName": app.queue_pattern}})
    return {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
            "metadata": metadata(app), "spec": {
                "scaleTargetRef": {"name": app.name},
                "minReplicaCount": app.replicas[0], "maxReplicaCount": app.replicas[1],
                "pollingInterval": 15, "cooldownPeriod": 300,
                "advanced": {"horizontalPodAutoscalerConfig": {"behavior": {
                    "scaleDown": {"stabilizationWindowSeconds": 300}}}},
                "triggers": triggers}}


def ingress(apps: tuple[App, ...]) -> Doc:
    paths = [route(f"/api/{a.name}/", a.name) for a in apps if not a.is_web]
    paths.append(route("/", "web"))
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {
        "name": "portal", "labels": {"app.kubernetes.io/part-of": "portal"},
        "annotations": {
            "nginx.ingress.kubernetes.io/proxy-body-size": "50m",
            # Stream request bodies as they arrive (documents refuses an upload past its
            # limit while it streams; nginx would otherwise spool it whole to disk first).
            "nginx.ingress.kubernetes.io/proxy-request-buffering": "off"}},
        "spec": {"ingressClassName": "nginx", "rules": [
            {"host": "portal.example", "http": {"paths": paths}}]}}


def route(path: str, app: str) -> Doc:
    return {"path": path, "pathType": "Prefix",
            "backend": {"service": {"name": app, "port": {"number": PORT}}}}


def kustomization(apps: tuple[App, ...], files: list[str]) -> Doc:
    return {
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
        "namespace": "portal",
        "resources": [f for f in files if f.endswith(".yaml") and f != "kustomization.yaml"],
        # The non-secret settings: one env file per app (overlays merge theirs over them).
        "configMapGenerator": [{"name": f"{a.name}-config", "envs": [f"config/{a.name}.env"]}
                               for a in apps],
        "images": [{"name": a.image, "newTag": "latest"} for a in apps],
    }
