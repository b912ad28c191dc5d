"""Every endpoint of every service, fuzzed through the origin from its own OpenAPI document,
with the tokens of several kinds of caller (tests/e2e/portal_tokens.py, fuzz_world.py).

schemathesis generates valid and invalid requests (bodies, paths, queries, methods,
missing auth) and checks every answer: no 5xx, the declared status codes and response
schemas; and our own checks (tests/e2e/fuzz_checks.py): every 4xx a problem-details body
with a ``code``, no stack trace anywhere. Its stateful phase follows the documents' OpenAPI
links (a created resource to the operations on it). ``make test`` runs a bounded slice (the
operator and a municipality's administrator, with made-up ids); ``make fuzz``
(PORTAL_FUZZ=all) every caller of fuzz_world.py, each role identity issues and each
relationship competencies grants rights by, in a world of real enrolments, placements,
teams, an appointment and a document whose ids schemathesis draws half of the time
(fuzz_config.py), the operator in every phase, the others without the coverage phase. Select
with ``make fuzz FUZZ_ARGS='-k "competencies and tutor"'``. The seed is fixed so a failure
reproduces; run with another seed (PORTAL_FUZZ_SEED) to explore.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from fuzz_config import with_values
from fuzz_world import CALLERS, LIFETIME, build
from portal_tokens import callers

from e2e_portal import SERVICES

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
EVERYONE = os.environ.get("PORTAL_FUZZ") == "all"
SEED = os.environ.get("PORTAL_FUZZ_SEED", "20261122")
# caller -> examples per operation; make fuzz runs schemathesis' coverage phase (every edge
# case of every schema, the same for any token) as the operator only
ROLES = (dict.fromkeys(CALLERS, 5) | {"operator": 40} if EVERYONE
         else {"operator": 40, "municipality_admin": 10})
PHASES = {role: ["--phases", "examples,fuzzing,stateful"] for role in ROLES
          if EVERYONE and role != "operator"}


@pytest.fixture(scope="module")
def everyone(portal, tmp_path_factory):
    """caller -> (its headers, the config file schemathesis runs with)."""
    if EVERYONE:
        world = build(portal)
        config = with_values(world.values, tmp_path_factory.mktemp("fuzz"))
        return {name: (make, config) for name, make in world.callers.items()}
    found = callers(portal.public_url, portal.logs.parent, portal.operator(), portal.url,
                    lifetime=LIFETIME)
    return {name: (lambda c=caller: c.headers, None) for name, caller in found.items()}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", SERVICES)
def test_no_request_makes_a_service_fail_or_break_its_documented_contract(
        portal, everyone, service, role):
    headers, config = everyone[role]
    env = dict(os.environ, SCHEMATHESIS_HOOKS="fuzz_checks",
               PYTHONPATH=os.pathsep.join([str(Path(__file__).parent),
                                           os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [str(SCHEMATHESIS), *(["--config-file", str(config)] if config else []), "run",
         f"{portal.url}/api/{service}/openapi.json",
         "--url", portal.url, "--header", f"Authorization: {headers()['Authorization']}",
         "--checks", "all", "--max-examples", str(ROLES[role]), *PHASES.get(role, []),
         "--seed", SEED,
         "--request-timeout", "10", "--no-color"],
        capture_output=True, text=True, timeout=1800, env=env)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


@pytest.mark.parametrize("service", SERVICES)
def test_every_link_of_a_document_leads_to_an_operation_that_takes_its_parameters(
        portal, service):
    document = requests.get(f"{portal.url}/api/{service}/openapi.json", timeout=30).json()
    operations = {op["operationId"]: {p["name"] for p in op.get("parameters", [])}
                  for item in document["paths"].values() for op in item.values()}
    links = [(source["operationId"], name, link) for item in document["paths"].values()
             for source in item.values() for answer in source["responses"].values()
             for name, link in answer.get("links", {}).items()]
    broken = [(source, name) for source, name, link in links
              if not set(link["parameters"]) <= operations.get(link["operationId"], set())]
    assert broken == []
    if service != "notifications":  # nothing there makes a resource of its own
        assert links, "a service that creates resources links them"
