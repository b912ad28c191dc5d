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

import re
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
    """The gate's table: per service, per endpoint, who gets past the gate."""
    table = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    table.pop("relationships", None)
    return table


def load_relationships() -> dict[str, dict[str, dict[str, str]]]:
    """Past the gate: per service, per endpoint, each allowed relationship and what it
    gets (``allowed``, or ``empty``: an empty list)."""
    table = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["relationships"]
    return {service: {key: _expectations(rule) for key, rule in rows.items()}
            for service, rows in table.items()}


def _expectations(rule: list[Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in rule:
        found.update({entry: "allowed"} if isinstance(entry, str) else entry)
    return found


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


# --- past the gate: every endpoint naming a person or a thing of theirs × relationship ---

# path parameters that name something of a person's (the world says which of A's things);
# a parameter in neither set is new: the matrix fails until it is placed in one
RELATIONAL = ("trainee_id", "person_id", "enrolment_id", "placement_id", "code",
              "activity_id", "document_id", "appointment_id", "invitation_id",
              "relationship_id", "organisation_id", "holder_id", "place_id", "delegation_id",
              "delivery_id")
NOT_RELATIONAL = {"curriculum": "a curriculum is public to every person",
                  "version": "a curriculum's or an agreement text's version",
                  "number": "a library file's version number",
                  "file_id": "a curriculum's library file, the same for every reader",
                  "token": "a link's own secret", "event_type": "a schema's name",
                  "credential_uuid": "a public verification"}
# things the world has none of: made-up ids, so every caller must be refused
ABSENT = {"delegation_id": "a LIS1 leader's delegation (N has no bound leader)",
          "delivery_id": "a failed notification delivery"}
REFUSED = ("401", "403", "404")


def parameters(path: str) -> list[str]:
    return re.findall(r"{([^}]+)}", path)


def relational(endpoint: Endpoint) -> bool:
    """Secured, and a path parameter names a person or a thing of theirs."""
    return endpoint.secured and any(p in RELATIONAL for p in parameters(endpoint.path))


def unplaced_parameters(found: list[Endpoint]) -> list[str]:
    """Path parameters the matrix has not been told about (a new kind of thing)."""
    return sorted({f"{p} ({e.key})" for e in found for p in parameters(e.path)
                   if p not in RELATIONAL and p not in NOT_RELATIONAL})


def in_world(path: str, values: dict[str, str]) -> str:
    """The path naming A's things (an attestation's code is the attestation's)."""
    parts = []
    for i, part in enumerate(path.split("/")):
        if part.startswith("{"):
            name = part[1:-1]
            if name == "code" and path.split("/")[i - 1] == "attestations":
                name = "attestation_code"
            part = values.get(name) or PATH_VALUES.get(name) or str(uuid.uuid4())
        parts.append(part)
    return "/".join(parts)


def world_example(schema: dict[str, Any] | None, body_values: dict[str, Any]) -> Any:
    """A body the schema accepts, naming A's things where a property names one."""
    if not schema:
        return {}
    if schema.get("type", "object") != "object":
        return example(schema)
    properties = schema.get("properties", {})
    body = {}
    wanted = list(schema.get("required", [])) + [
        n for n in properties if n in body_values and n not in schema.get("required", [])]
    for name in wanted:
        prop = properties.get(name, {})
        if name in body_values:
            body[name] = body_values[name]
        elif prop.get("type") == "array" and prop.get("items", {}).get("type", "object") == \
                "object":
            body[name] = [world_example(prop["items"], body_values)]
        else:
            body[name] = example(prop)
    return body


@dataclass(frozen=True)
class Cell:
    status: int
    code: str | None
    expected: str  # allowed, empty (an empty list) or refused
    empty: bool = False  # the answer was an empty JSON list

    @property
    def allowed(self) -> bool:
        return self.expected != "refused"

    @property
    def outcome(self) -> str:
        if self.status >= 500:
            return "5xx"
        if 200 <= self.status < 300:
            return "success"
        return str(self.status) if str(self.status) in REFUSED else "past"

    def fits(self, method: str) -> bool:
        """Allowed: no 401/403/404 (a read answers or finds nothing to give yet, a write
        sent an empty body meets the checks of its content); refused: 401, 403 or 404 —
        anything else is a caller past a check the table closes to it."""
        if self.outcome == "5xx":
            return False
        if self.expected == "empty":
            return self.outcome == "success" and self.empty
        if self.allowed:
            return self.outcome not in REFUSED
        return self.outcome in REFUSED

    def mark(self, method: str) -> str:
        """The cell in the printed table: the status, ``!`` where it breaks the table."""
        return f"{'' if self.fits(method) else '!'}{self.status}{'' if self.allowed else '-'}"


def ask_in_world(url: str, endpoint: Endpoint, caller: str, world: Any,
                 expected: str) -> Cell:
    """``caller`` asks on the endpoint's scene (A's, or N's for what only LIS1 has): an
    allowed caller sends an empty body (nothing changes; a 422 is past the checks), a
    refused one a valid body naming the trainee's things (only authorisation may refuse
    it)."""
    scene = world.scene(endpoint.path, caller)
    kwargs: dict[str, Any] = {}
    if endpoint.method != "get":
        kwargs["json"] = {} if expected != "refused" else world_example(
            endpoint.body_schema, scene.body_values)
    response = requests.request(endpoint.method, f"{url}{in_world(endpoint.path, scene.values)}",
                                headers=scene.callers[caller](), timeout=30,
                                allow_redirects=False, **kwargs)
    code, empty = None, False
    kind = response.headers.get("Content-Type", "")
    if kind.startswith("application/problem+json"):
        code = response.json().get("code")
    elif kind.startswith("application/json"):
        empty = response.json() == []
    return Cell(response.status_code, code, expected, empty)


def render_relationships(matrix: dict[str, dict[str, Cell]], callers: list[str],
                         methods: dict[str, str], lis1: set[str] = frozenset()) -> str:
    """One row per endpoint, a column per relationship: the status it got, ``-`` after a
    refusal the table expects, ``!`` before an answer that breaks the table; ``*`` marks
    a row played on N's (LIS1) scene."""
    width = max(len(k) for k in matrix) + 3
    heads = [c.replace("_", " ")[:11] for c in callers]
    lines = [f"{'endpoint':<{width}}" + "".join(f"{h:>12}" for h in heads)]
    for key, cells in matrix.items():
        lines.append(f"{key + (' *' if key in lis1 else ''):<{width}}" + "".join(
            f"{cells[c].mark(methods[key]):>12}" for c in callers))
    wrong = sum(not c.fits(methods[k]) for k, cells in matrix.items() for c in cells.values())
    lines.append(f"{len(matrix)} endpoints × {len(callers)} relationships (* on N's LIS1 "
                 f"scene, else on A's KBU one; - refused as expected, ! breaks the table); "
                 f"answers breaking the table: {wrong}")
    return "\n".join(lines)


def order(found: list[Endpoint]) -> list[Endpoint]:
    """Reads first, then writes, those that end things (a relationship, a document) after,
    the end of A's region's agreement last (an allowed caller's empty body may do it)."""
    def rank(e: Endpoint) -> tuple[int, str]:
        ends = any(w in e.path for w in ("/end", "/erase", "/withdraw", "/cancel", "/revoke"))
        last = e.path.endswith("/terminate")
        return (0 if e.method == "get" else 3 if last else 2 if ends else 1, e.key)
    return sorted(found, key=rank)


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
