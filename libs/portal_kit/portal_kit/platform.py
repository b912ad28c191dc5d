"""The routes every service answers the same way: health, metrics, OpenAPI, event schemas.

A service class inherits ``platform_endpoints(name, specs)`` and names its
``Runtime`` dependency ``runtime``. Each route answers both on the service's
own root (for probes) and under ``/api/<service>/`` (through the origin).
"""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from portal_kit import events as ce
from portal_kit.errors import NotFound
from portal_kit.health import Shutdown
from portal_kit.http import api, json_response
from portal_kit.jsonschema import schema_for
from portal_kit.observability import METRICS_CONTENT_TYPE
from portal_kit.openapi import document

VERSION = "0.1.0"


def platform_endpoints(service: str, event_specs: dict[type, ce.EventSpec]) -> type:
    prefix = f"/api/{service}"
    schemas = {spec.type: spec.schema for spec in event_specs.values()}

    def both(method: str, path: str, summary: str) -> Any:
        own = api(method, path, summary=summary, tags=("platform",), documented=False)
        routed = api(method, f"{prefix}{path}", summary=summary, tags=("platform",))
        return lambda fn: own(routed(fn))

    class PlatformEndpoints:
        runtime: Any

        @both("GET", "/health/live", "Liveness: the process answers")
        def health_live(self, request: Request) -> Response:
            return json_response({"status": "live", "service": service})

        @both("GET", "/health/ready",
              "Readiness: the database reachable and no stop asked for (else 503); the "
              "broker is reported, not required")
        def health_ready(self, request: Request) -> Response:
            checks = self.runtime.checks()
            ready = all(checks.values()) and not Shutdown.requested
            status = "stopping" if Shutdown.requested else "ready" if ready else "unavailable"
            body = {"status": status, "service": service,
                    "checks": {k: "ok" if v else "failing" for k, v in checks.items()},
                    "broker": self.runtime.broker_state()}
            return json_response(body, 200 if ready else 503)

        @both("GET", "/metrics", "Prometheus metrics")
        def metrics(self, request: Request) -> Response:
            return Response(self.runtime.metrics(), content_type=METRICS_CONTENT_TYPE)

        @api("GET", f"{prefix}/openapi.json", summary="This OpenAPI document",
             tags=("platform",))
        def openapi(self, request: Request) -> Response:
            return json_response(document(service, VERSION, self.runtime.container.entrypoints))

        @api("GET", f"{prefix}/schemas/<event_type>.json",
             summary="JSON Schema of an event's data (the CloudEvents dataschema)",
             tags=("platform",), responses={404: "No such event type"})
        def event_schema(self, request: Request, event_type: str) -> Response:
            if event_type not in schemas:
                raise NotFound(f"No event type {event_type}.", code="event_type_not_found")
            body = dict(schema_for(schemas[event_type]), title=event_type)
            body["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            return json_response(body)

    return PlatformEndpoints
