"""Scraping and alerts (Prometheus Operator): each alert names the service level it protects.

The levels (docs/operations.md repeats them):
- an event reaches its subscribers within 5 minutes of the change (outbox age);
- no message is lost: every dead letter is looked at within a working day;
- a handler that fails keeps failing visibly, not silently retried for ever;
- the portal answers: at least one ready pod per app, never fewer than asked for long.
"""
from __future__ import annotations

from typing import Any

from portal_k8s.parts import App

Doc = dict[str, Any]
SUMMARY = """\
Monitoring: a PodMonitor scrapes every portal pod's /metrics; PrometheusRule alerts on
outbox age, dead letters, handler failures, the broker unreachable and readiness, each
with the service level it protects (docs/operations.md)."""


def resources(apps: tuple[App, ...]) -> list[Doc]:
    return [pod_monitor(), rules()]


def meta(name: str) -> Doc:
    return {"name": name, "labels": {"app.kubernetes.io/part-of": "portal",
                                     "app.kubernetes.io/component": "monitoring"}}


def pod_monitor() -> Doc:
    return {"apiVersion": "monitoring.coreos.com/v1", "kind": "PodMonitor",
            "metadata": meta("portal"), "spec": {
                "selector": {"matchExpressions": [
                    {"key": "app.kubernetes.io/part-of", "operator": "In", "values": ["portal"]},
                    {"key": "app.kubernetes.io/component", "operator": "In",
                     "values": ["service", "web"]}]},
                "podMetricsEndpoints": [{"port": "http", "path": "/metrics",
                                         "interval": "30s"}]}}


def alert(name: str, expr: str, duration: str, severity: str, summary: str,
          level: str) -> Doc:
    return {"alert": name, "expr": expr, "for": duration,
            "labels": {"severity": severity},
            "annotations": {"summary": summary, "service_level": level,
                            "runbook": "docs/operations.md#alerts"}}


def rules() -> Doc:
    delivery = "An event reaches its subscribers within 5 minutes of the change."
    lossless = "No message is lost: every dead letter is looked at within a working day."
    answers = "The portal answers: every app has ready pods, as many as asked for."
    return {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule",
            "metadata": meta("portal"), "spec": {"groups": [{
                "name": "portal", "rules": [
                    alert("PortalOutboxOld", "max by (service) (portal_outbox_oldest_age_seconds)"
                          " > 300", "2m", "critical",
                          "{{ $labels.service }}: an event has waited in its outbox over 5 min",
                          delivery),
                    alert("PortalOutboxParked", "max by (service) (portal_outbox_parked) > 0",
                          "5m", "warning",
                          "{{ $labels.service }}: outbox rows parked (the broker refused them)",
                          delivery),
                    alert("PortalDeadLetters",
                          "sum by (service, handler) (increase(portal_dead_letters_total[15m]))"
                          " > 0", "0m", "warning",
                          "{{ $labels.service }}.{{ $labels.handler }} dead-lettered a message",
                          lossless),
                    alert("PortalHandlerFailing",
                          "sum by (service, handler) "
                          "(rate(portal_event_handler_failures_total[10m])) > 0.1",
                          "10m", "warning",
                          "{{ $labels.service }}.{{ $labels.handler }} keeps failing", lossless),
                    alert("PortalBrokerUnreachable", "min by (service) (portal_broker_up) == 0",
                          "5m", "critical",
                          "{{ $labels.service }} cannot reach the broker (writes wait in "
                          "the outbox)", delivery),
                    alert("PortalNotReady",
                          'sum by (deployment) (kube_deployment_status_replicas_available'
                          '{namespace="portal"}) == 0', "2m", "critical",
                          "{{ $labels.deployment }} has no ready pod", answers),
                    alert("PortalDegraded",
                          'kube_deployment_status_replicas_unavailable{namespace="portal"} > 0',
                          "15m", "warning",
                          "{{ $labels.deployment }} has had unready pods for 15 minutes",
                          answers),
                ]}]}}
