"""The authorisation matrix: every endpoint of every service's OpenAPI document × every
kind of caller (tests/e2e/portal_tokens.py), against the table in authorisation.yaml.

The table says, per endpoint, who gets past the gate: ``public`` (no token needed),
``any`` (every valid token, a pending registration aside), or a list of roles
(``operator``, ``person`` = every person whatever their memberships, a membership role
such as ``region_admin``, ``pending`` = a token limited to registration). Every other
caller is refused: 401 without a valid token (none, expired, unknown key, another
audience), 403 with a wrong role. A caller that gets past the gate may still be refused
for its relationship to the target (403 with the service's own code), or find nothing
(404): the matrix checks the gate, the services' own tests check the relationships.

Requests carry made-up path parameters. A caller the table refuses sends a minimal
valid body built from the operation's request schema, so only the gate can refuse it; a
caller the table lets through sends an empty one, so nothing changes (a 422 is past the
gate). ``python tests/e2e/authorisation_matrix.py portal.json`` prints the matrix of a
running portal (every caller with valid bodies: only on a throwaway portal) and a draft of its table.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import yaml

TABLE = Path(__file__).with_name("authorisation.yaml")
METHODS = ("get", "post", "put", "patch", "delete")
NO_TOKEN = ("anonymous", "expired", "unknown_key", "other_audience")
GATE_CODES = {"role_required", "registration_pending", "missing_token", "invalid_token",
              "token_expired"}
PATH_VALUES = {"curriculum": "lis1-no", "version": "1", "number": "1", "token": "x" * 20,
               "event_type": "portal.x.y.v1"}


@dataclass(frozen=True)
class Endpoint:
    service: str
    method: str
    path: str
    secured: bool
    body_schema: dict[str, Any] | None = None

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class Answer:
    status: int
    code: str | None

    @property
    def outcome(self) -> str:
        """401, 403 (refused by the gate), 403-relationship, 5xx or passed."""
        if self.status >= 500:
            return "5xx"
        if self.status == 401:
            return "401"
        if self.status == 403:
            return "403" if self.code in GATE_CODES or self.code is None else "403-relationship"
        return "passed"


def endpoints(url: str, services: list[str]) -> list[Endpoint]:
    found = []
    for service in services:
        document = requests.get(f"{url}/api/{service}/openapi.json", timeout=30).json()
        for path, item in document["paths"].items():
            for method in METHODS:
                if method in item:
                    operation = item[method]
                    content = (operation.get("requestBody") or {}).get("content", {})
                    schema = content.get("application/json", {}).get("schema")
                    found.append(Endpoint(service, method, path,
                                          bool(operation.get("security")), schema))
    return found


def example(schema: dict[str, Any]) -> Any:
    """A small value the JSON schema accepts (required properties only)."""
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "string":
        return FORMATS.get(schema.get("format", ""), lambda: "x" * max(1, schema.get(
            "minLength", 1)))()
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    if kind == "array":
        return [example(schema.get("items", {}))] * schema.get("minItems", 0)
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: example(properties.get(name, {})) for name in schema.get("required", [])}
    return None


FORMATS = {"uuid": lambda: str(uuid.uuid4()), "date": lambda: "2027-01-04",
           "date-time": lambda: "2027-01-04T10:00:00+00:00",
           "email": lambda: "matrix@example.org", "uri": lambda: "https://example.org/"}


def concrete(path: str) -> str:
    for name, value in PATH_VALUES.items():
        path = path.replace(f"{{{name}}}", value)
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + str(uuid.uuid4()) + path[end + 1:]
    return path


def ask(url: str, endpoint: Endpoint, headers: dict[str, str], valid_body: bool) -> Answer:
    """Call the endpoint; with ``valid_body``, a body its request schema accepts."""
    kwargs: dict[str, Any] = {}
    if endpoint.method != "get":
        schema = endpoint.body_schema
        kwargs["json"] = example(schema) if valid_body and schema else {}
    response = requests.request(endpoint.method, f"{url}{concrete(endpoint.path)}",
                                headers=headers, timeout=30, allow_redirects=False, **kwargs)
    code = None
    if response.headers.get("Content-Type", "").startswith("application/problem+json"):
        code = response.json().get("code")
    return Answer(response.status_code, code)


def load_table() -> dict[str, Any]:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def allowed(rule: Any, caller: str) -> bool:
    """Whether ``caller`` gets past the gate of an endpoint whose table entry is ``rule``."""
    if rule == "public":
        return True
    if caller in NO_TOKEN:
        return False
    roles = {"any"} if rule == "any" else set(rule)
    if caller == "registration_pending":
        return "pending" in roles
    if "any" in roles or caller in roles:
        return True
    return caller not in ("operator",) and "person" in roles


def expected(rule: Any, caller: str) -> str:
    if allowed(rule, caller):
        return "passed"
    return "401" if caller in NO_TOKEN else "403"


def fits(answer: Answer, rule: Any, caller: str) -> bool:
    """The answer agrees with the table (a 5xx never does)."""
    want, got = expected(rule, caller), answer.outcome
    if got == "5xx":
        return False
    if rule == "public":  # its own rules (an OAuth client's credentials, a link's token)
        return True
    if want == "passed":
        return got in ("passed", "403-relationship")
    if want == "403":
        return got in ("403", "403-relationship")
    return got == want


def render(matrix: dict[str, dict[str, Answer]], callers: list[str]) -> str:
    """The matrix as a table: one row per endpoint, the status each caller got."""
    short = {c: c[:9] for c in callers}
    width = max(len(k) for k in matrix) + 1
    lines = [f"{'endpoint':<{width}}" + "".join(f"{short[c]:>10}" for c in callers)]
    for key, answers in matrix.items():
        lines.append(f"{key:<{width}}" + "".join(f"{answers[c].status:>10}" for c in callers))
    return "\n".join(lines)


PEOPLE = ("person", "region_admin", "municipality_admin", "health_trust_admin", "signatory",
          "tutor")


def draft_rule(endpoint: Endpoint, answers: dict[str, Answer]) -> Any:
    """The table's line for what ``answers`` (every caller, valid bodies) show: a draft
    for a new endpoint, to be read and corrected, never pasted unread."""
    if not endpoint.secured:
        return "public"
    passed = {name for name, answer in answers.items() if answer.outcome == "passed"}
    people = [p for p in PEOPLE if p in answers]
    if "operator" in passed and all(p in passed for p in people):
        rule = ["any"]
    else:
        rule = ["operator"] if "operator" in passed else []
        rule += ["person"] if all(p in passed for p in people) else [
            p for p in people if p in passed]
    return rule + (["pending"] if "registration_pending" in passed else [])


def observe(url: str, endpoint: Endpoint, callers: dict[str, Any]) -> dict[str, Answer]:
    """Every caller's answer with a valid body (side effects: a draft needs them)."""
    return {name: ask(url, endpoint, caller.headers, True) for name, caller in callers.items()}


if __name__ == "__main__":  # the matrix of a running portal, and a draft of its table
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from portal_tokens import callers as make_callers
    info = json.loads(Path(sys.argv[1]).read_text())
    operator = requests.post(f"{info['url']}/api/identity/v1/oauth/token", data={
        "grant_type": "client_credentials", "client_id": "operator",
        "client_secret": "dev-operator-secret"}, timeout=10).json()["access_token"]
    everyone = make_callers(info["public"], Path(info["data"]),
                            {"Authorization": f"Bearer {operator}"}, info["url"])
    services = ["identity", "invitations", "competencies", "documents", "notifications"]
    found = endpoints(info["url"], services)
    result = {e.key: observe(info["url"], e, everyone) for e in found}
    print(render(result, list(everyone)))
    draft: dict[str, dict[str, Any]] = {}
    for e in found:
        draft.setdefault(e.service, {})[e.key] = draft_rule(e, result[e.key])
    print(yaml.safe_dump(draft, sort_keys=False, default_flow_style=None, width=100))
