"""NetworkPolicies: everything is denied, then each flow the code needs is allowed.

The flows come from ``parts``: whom each app calls (its ``<SERVICE>_URL`` settings),
which use the broker (every service), each app's own database, and the outside
systems each reaches. ``flows`` lists them once; the policies and NETWORK.md are
both made from that list, so the document cannot drift from the policies.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal_k8s.broker import CLUSTER
from portal_k8s.parts import PORT, App

Doc = dict[str, Any]
SUMMARY = """\
NetworkPolicies: the namespace denies every connection in and out, then allows exactly
the flows listed in NETWORK.md beside this file (made from the same list). The other
namespaces are named by their kubernetes.io/metadata.name label: ingress-nginx,
monitoring, keda, rabbitmq-system, cnpg-system and kube-system; an overlay whose
cluster names them otherwise patches the selectors."""
OUTSIDE = {"ipBlock": {"cidr": "0.0.0.0/0",
                       "except": ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]}}
AMQP_PORTS = (5672, 5671)
MANAGEMENT_PORTS = (15672, 15671)


@dataclass(frozen=True)
class Flow:
    source: str       # "app:<name>", "db:<app>", "broker", or "ns:<namespace>", "outside"
    target: str
    ports: tuple[int, ...]
    why: str


def flows(apps: tuple[App, ...]) -> list[Flow]:
    found = []
    for app in apps:
        found.append(Flow("ns:ingress-nginx", f"app:{app.name}", (PORT,),
                          "the Ingress routes " + ("/" if app.is_web else f"/api/{app.name}/")))
        found.append(Flow("ns:monitoring", f"app:{app.name}", (PORT,), "metrics scraped"))
        for callee in app.calls:
            why = ("JWKS and token checks" if callee == "identity" else
                   "registration-ticket JWKS" if app.name == "identity" else "API calls")
            found.append(Flow(f"app:{app.name}", f"app:{callee}", (PORT,), why))
        if app.is_web:
            found += [Flow("app:web", f"app:{a.name}", (PORT,), "the pages call the API")
                      for a in apps if not a.is_web and a.name not in app.calls]
        found.append(Flow(f"app:{app.name}", f"db:{app.name}", (5432,),
                          "its own database (and its migration Job)"))
        if not app.is_web:
            found.append(Flow(f"app:{app.name}", "broker", AMQP_PORTS,
                              "publishes its outbox, consumes its queues"))
        found += [Flow(f"app:{app.name}", "outside", o.ports, o.what) for o in app.outside]
        found += [
            Flow(f"db:{app.name}", f"db:{app.name}", (5432, 8000), "replication, instance manager"),
            Flow("ns:cnpg-system", f"db:{app.name}", (5432, 8000), "the CloudNativePG operator"),
            Flow("ns:monitoring", f"db:{app.name}", (9187,), "database metrics"),
            Flow(f"db:{app.name}", "outside", (443,),
                 "WAL archive and backups to the object store"),
            Flow(f"db:{app.name}", "api-server", (443, 6443), "the instance manager's API calls")]
    found += [
        Flow("ns:keda", "broker", MANAGEMENT_PORTS, "KEDA reads queue lengths"),
        Flow("ns:rabbitmq-system", "broker", MANAGEMENT_PORTS,
             "the Cluster and Topology Operators (users, vhost, policies)"),
        Flow("ns:monitoring", "broker", (15692,), "broker metrics"),
        Flow("broker", "broker", (4369, 25672, 35672), "clustering (epmd, distribution, CLI)"),
        Flow("broker", "api-server", (443, 6443), "peer discovery")]
    return found


def resources(apps: tuple[App, ...]) -> list[Doc]:
    all_flows = flows(apps)
    amqp = [f for f in all_flows if f.target == "broker" and f.ports == AMQP_PORTS]
    others = [f for f in all_flows if f not in amqp]
    clients = {"matchExpressions": [{"key": "app.kubernetes.io/name", "operator": "In",
                                     "values": [f.source.partition(":")[2] for f in amqp]}]}
    docs = [policy("default-deny", {}, ingress=[], egress=[]),
            policy("dns", {}, egress=[{"to": [{"namespaceSelector": namespace("kube-system"),
                                                "podSelector": {"matchLabels": {
                                                    "k8s-app": "kube-dns"}}}],
                                        "ports": ports((53,), "UDP") + ports((53,))}]),
            # One rule for every broker client, so an overlay changes its ports at one place
            # (production: AMQPS only), here and first in the broker's own policy.
            policy("broker-clients", clients, egress=[
                {"to": [peer("broker")], "ports": ports(AMQP_PORTS)}])]
    targets = [f"app:{a.name}" for a in apps] + [f"db:{a.name}" for a in apps] + ["broker"]
    for target in targets:
        ingress = [{"from": [{"podSelector": clients}], "ports": ports(AMQP_PORTS)}
                   ] if target == "broker" else []
        ingress += [{"from": [peer(f.source)], "ports": ports(f.ports)}
                    for f in others if f.target == target]
        egress = [{"to": [peer(f.target)], "ports": ports(f.ports)}
                  for f in others if f.source == target]
        for rule in egress:
            if rule["to"] == [None]:
                del rule["to"]  # the API server's address differs per cluster: by port
        docs.append(policy(name_of(target), selector(target), ingress=ingress, egress=egress))
    return docs


def name_of(endpoint: str) -> str:
    kind, _, name = endpoint.partition(":")
    return {"app": name, "db": f"{name}-db", "broker": CLUSTER}[kind]


def selector(endpoint: str) -> Doc:
    kind, _, name = endpoint.partition(":")
    if kind == "app":
        return {"matchLabels": {"app.kubernetes.io/name": name,
                                "app.kubernetes.io/part-of": "portal"}}
    if kind == "db":
        return {"matchLabels": {"cnpg.io/cluster": f"{name}-db"}}
    return {"matchLabels": {"app.kubernetes.io/name": CLUSTER}}


def namespace(name: str) -> Doc:
    return {"matchLabels": {"kubernetes.io/metadata.name": name}}


def peer(endpoint: str) -> Doc | None:
    kind, _, name = endpoint.partition(":")
    if kind == "ns":
        return {"namespaceSelector": namespace(name)}
    if kind == "outside":
        return OUTSIDE
    if kind == "api-server":
        return None
    return {"podSelector": selector(endpoint)}


def ports(numbers: tuple[int, ...], protocol: str = "TCP") -> list[Doc]:
    found = []
    for number in numbers:
        entry: Doc = {"protocol": protocol, "port": number}
        if number == 35672:
            entry["endPort"] = 35682
        found.append(entry)
    return found


def policy(name: str, pod_selector: Doc, ingress: list[Doc] | None = None,
           egress: list[Doc] | None = None) -> Doc:
    types, spec = [], {"podSelector": pod_selector}
    if ingress is not None:
        types.append("Ingress")
        if ingress:
            spec["ingress"] = ingress
    if egress is not None:
        types.append("Egress")
        if egress:
            spec["egress"] = egress
    spec["policyTypes"] = types
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": name, "labels": {"app.kubernetes.io/part-of": "portal"}},
            "spec": spec}


def flows_document(apps: tuple[App, ...]) -> str:
    lines = [
        "# What may talk to what (the NetworkPolicies in networkpolicies.yaml)", "",
        "Generated by k8s/generate.py from the same list as the policies. Everything not",
        "listed is refused: the namespace's `default-deny` policy selects every pod, in and",
        "out; `dns` lets every pod ask kube-system's DNS. Whom an app calls is read from the",
        "code (the `<SERVICE>_URL` settings its configuration reads), so a new call shows",
        "up here and in the policies when the base is generated again.", "",
        "`outside` is any address but the private ranges, on the ports named; narrow it in",
        "an overlay to the real addresses (eID brokers, mail relay, SMS gateway, object",
        "store) where they are known. `api-server` is any address on 443/6443 (its address",
        "differs per cluster). No code calls a register over the network today (the",
        "organisation lists are imported by the operator), so there is no rule for one.", "",
        "| from | to | ports (TCP) | why |", "| --- | --- | --- | --- |"]
    for flow in flows(apps):
        numbers = ", ".join(f"{p}-35682" if p == 35672 else str(p) for p in flow.ports)
        lines.append(f"| {label(flow.source)} | {label(flow.target)} | {numbers} | {flow.why} |")
    lines += ["", "Outside subscribers reach the broker through an overlay's own rule (a",
              "LoadBalancer for AMQPS and the addresses it admits); see docs/subscribing.md.", ""]
    return "\n".join(lines)


def label(endpoint: str) -> str:
    kind, _, name = endpoint.partition(":")
    return {"app": f"`{name}` pods", "db": f"`{name}-db` (PostgreSQL)",
            "ns": f"namespace `{name}`", "broker": f"`{CLUSTER}` (RabbitMQ)",
            "outside": "outside", "api-server": "the Kubernetes API"}[kind]
