"""The broker: a RabbitMQ cluster (Cluster Operator) and its topology (Topology Operator).

Every service and every outside subscriber has its own RabbitMQ user, with
permissions on exactly the queues it owns and the exchanges it publishes to or
binds from, and topic permissions limiting the routing keys it may read to the
events it consumes. The vhost's default queue type is quorum; a policy per
service sends what the broker itself gives up on (a quorum queue's delivery
limit, RabbitMQ 4.x's default 20) to that service's dead-letter queue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from portal_k8s.parts import App

Doc = dict[str, Any]
CLUSTER = "portal-rabbitmq"
VHOST = "portal"
REFERENCE = {"name": CLUSTER}
SUMMARY = """\
The broker: RabbitMQ as a 3-node cluster (RabbitMQ Cluster Operator), the portal vhost
with quorum queues as its default, one user per service and per outside subscriber
with permissions and topic permissions limited to what each publishes and reads, and
dead-letter policies (RabbitMQ Messaging Topology Operator). Credentials: each user's
Secret <user>-amqp (username, password, uri) is created by the operator of the portal,
never committed (k8s/secrets.example.yaml)."""


@dataclass(frozen=True)
class Subscriber:
    """An outside system that reads some of the portal's events through its own queues."""
    name: str
    what: str
    reads: dict[str, tuple[str, ...]]  # exchange -> event types (routing keys)

    @property
    def queue_prefix(self) -> str:
        return f"sub-{self.name}."


# Each outside subscriber is onboarded by adding it here (docs/subscribing.md).
SUBSCRIBERS = (
    Subscriber("approval-authority", "the specialist-approval authority: completed programmes",
               {"competencies.events": ("portal.competencies.programme.completed.v1",
                                         "portal.competencies.attestation.approved.v1")}),
)


def resources(apps: tuple[App, ...]) -> list[Doc]:
    docs = [cluster(), vhost()]
    commanding = {c.exchange.removesuffix(".commands") for a in apps for c in a.consumes
                  if c.exchange.endswith(".commands")}
    for app in apps:
        if app.is_web:
            continue
        docs += [dead_letter_policy(app), user(app.name, app.broker_secret)]
        docs.append(permission(app.name, service_permissions(app)))
        docs += [topic_permission(app.name, exchange, read, write)
                 for exchange, read, write in service_topics(app, app.name in commanding)]
    for subscriber in SUBSCRIBERS:
        docs += [user(subscriber.name, f"{subscriber.name}-amqp"),
                 permission(subscriber.name, subscriber_permissions(subscriber))]
        docs += [topic_permission(subscriber.name, exchange, one_of(types), "^$")
                 for exchange, types in subscriber.reads.items()]
    docs.append(dead_letter_queues_policy([a for a in apps if not a.is_web]))
    docs.append(retry_queues_policy())
    docs.append(user("keda", "keda-rabbitmq", tags=["monitoring"]))
    docs.append(keda_authentication())
    return docs


def meta(name: str, component: str = "broker") -> Doc:
    return {"name": name, "labels": {"app.kubernetes.io/part-of": "portal",
                                     "app.kubernetes.io/component": component}}


def cluster() -> Doc:
    labels = {"app.kubernetes.io/name": CLUSTER}
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": "RabbitmqCluster",
            "metadata": meta(CLUSTER), "spec": {
                "replicas": 3,
                "image": "rabbitmq:4.1-management",
                "resources": {"requests": {"cpu": "500m", "memory": "2Gi"},
                              "limits": {"cpu": "2", "memory": "2Gi"}},
                "persistence": {"storage": "20Gi"},
                "rabbitmq": {"additionalConfig": "\n".join([
                    "cluster_partition_handling = pause_minority",
                    "queue_leader_locator = balanced",
                    "vm_memory_high_watermark.relative = 0.8",
                    "disk_free_limit.absolute = 2GB"]) + "\n"},
                # One node per zone: the cluster keeps its quorum when a node or zone fails.
                # (the operator's schema requires a containers list; empty changes none)
                "override": {"statefulSet": {"spec": {"template": {"spec": {
                    "containers": [],
                    "topologySpreadConstraints": [{
                        "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                        "whenUnsatisfiable": "ScheduleAnyway",
                        "labelSelector": {"matchLabels": labels}}]}}}}},
                "affinity": {"podAntiAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": [{
                        "topologyKey": "kubernetes.io/hostname",
                        "labelSelector": {"matchLabels": labels}}]}}}}


def vhost() -> Doc:
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": "Vhost", "metadata": meta(VHOST),
            "spec": {"name": VHOST, "defaultQueueType": "quorum",
                     "rabbitmqClusterReference": REFERENCE}}


def dead_letter_policy(app: App) -> Doc:
    """What the broker drops (a quorum queue's delivery limit) goes to dead letters."""
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": "Policy",
            "metadata": meta(f"{app.name}-dead-letters"), "spec": {
                "name": f"{app.name}-dead-letters", "vhost": VHOST,
                "pattern": app.queue_pattern, "applyTo": "queues", "priority": 1,
                "definition": {"dead-letter-exchange": "",
                               "dead-letter-routing-key": app.dead_letter_queue,
                               "dead-letter-strategy": "at-least-once",
                               "overflow": "reject-publish", "delivery-limit": 20},
                "rabbitmqClusterReference": REFERENCE}}


def retry_queues_policy() -> Doc:
    """A retry copy waits in ``<queue>.retry.<ms>`` until its TTL dead-letters it back to
    its handler's queue (portal_kit.redelivery). A quorum queue dead-letters at most
    once by default (a copy is lost if the handler's queue cannot take it then): at
    least once instead, which needs ``reject-publish``."""
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": "Policy",
            "metadata": meta("retry-queues"), "spec": {
                "name": "retry-queues", "vhost": VHOST,
                "pattern": r"^(evt|cmd)-.+--[a-z_]+\.[a-z_]+\.retry\.[0-9]+$",
                "applyTo": "queues", "priority": 1,
                "definition": {"dead-letter-strategy": "at-least-once",
                               "overflow": "reject-publish"},
                "rabbitmqClusterReference": REFERENCE}}


def dead_letter_queues_policy(apps: list[App]) -> Doc:
    """Dead letters wait for a person: reading them (``portal_kit.dead_letters list``
    returns each) must never count towards a delivery limit and drop them."""
    names = "|".join(re.escape(app.dead_letter_queue) for app in apps)
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": "Policy",
            "metadata": meta("dead-letter-queues"), "spec": {
                "name": "dead-letter-queues", "vhost": VHOST, "pattern": f"^({names})$",
                "applyTo": "queues", "priority": 1, "definition": {"delivery-limit": -1},
                "rabbitmqClusterReference": REFERENCE}}


def user(name: str, secret: str, tags: list[str] | None = None) -> Doc:
    spec: Doc = {"importCredentialsSecret": {"name": secret},
                 "rabbitmqClusterReference": REFERENCE}
    if tags:
        spec["tags"] = tags
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": "User",
            "metadata": meta(f"{name}-user"), "spec": spec}


def permission(name: str, rules: Doc) -> Doc:
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": "Permission",
            "metadata": meta(f"{name}-permission"), "spec": {
                "vhost": VHOST, "userReference": {"name": f"{name}-user"},
                "permissions": rules, "rabbitmqClusterReference": REFERENCE}}


def topic_permission(name: str, exchange: str, read: str, write: str) -> Doc:
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": "TopicPermission",
            "metadata": meta(f"{name}-topics-{exchange.replace('.', '-')}"), "spec": {
                "vhost": VHOST, "userReference": {"name": f"{name}-user"},
                "permissions": {"exchange": exchange, "read": read, "write": write},
                "rabbitmqClusterReference": REFERENCE}}


def one_of(names: tuple[str, ...] | list[str]) -> str:
    return "^(" + "|".join(re.escape(n) for n in sorted(set(names))) + ")$" if names else "^$"


def service_permissions(app: App) -> Doc:
    """configure: its queues and the exchanges it declares; write: its exchanges, its queues
    (bindings) and the default exchange (retries, dead letters); read: its queues and the
    exchanges it binds from."""
    queues = rf"(evt|cmd)-.+--{re.escape(app.name)}\..+|{re.escape(app.dead_letter_queue)}"
    sources = sorted({c.exchange for c in app.consumes})
    own = rf"{re.escape(app.name)}\.(events|commands)"
    exchanges = "|".join([own, *map(re.escape, sources)])
    return {"configure": f"^({queues}|{exchanges})$",
            "write": f"^({queues}|{own}|amq\\.default)$",
            "read": f"^({queues}|{'|'.join(map(re.escape, sources)) or '$^'})$"}


def service_topics(app: App, sends_commands: bool) -> list[tuple[str, str, str]]:
    """(exchange, read, write): it publishes any key on its own exchanges, reads only the
    keys it binds on others'."""
    rows = [(f"{app.name}.events", "^$", ".*")]
    if sends_commands:
        rows.append((f"{app.name}.commands", "^$", ".*"))
    by_exchange: dict[str, list[str]] = {}
    for consumed in app.consumes:
        by_exchange.setdefault(consumed.exchange, []).append(consumed.routing_key)
    rows += [(exchange, one_of(keys), "^$") for exchange, keys in sorted(by_exchange.items())]
    return rows


def subscriber_permissions(subscriber: Subscriber) -> Doc:
    queues = re.escape(subscriber.queue_prefix) + ".*"
    sources = "|".join(map(re.escape, sorted(subscriber.reads)))
    return {"configure": f"^({queues})$", "write": f"^({queues})$",
            "read": f"^({queues}|{sources})$"}


def keda_authentication() -> Doc:
    """KEDA reads queue lengths through the management API as the ``keda`` user
    (monitoring tag): Secret keda-rabbitmq, key ``host`` = http://keda:...@portal-rabbitmq:15672/."""
    return {"apiVersion": "keda.sh/v1alpha1", "kind": "TriggerAuthentication",
            "metadata": meta("keda-rabbitmq"), "spec": {"secretTargetRef": [
                {"parameter": "host", "name": "keda-rabbitmq", "key": "host"}]}}
