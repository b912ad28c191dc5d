"""Every endpoint of every service, fuzzed through the origin from its own OpenAPI document,
with the tokens of several kinds of caller (tests/e2e/portal_tokens.py).

schemathesis generates valid and invalid requests (bodies, paths, queries, methods,
missing auth) and checks every answer: no 5xx, the declared status codes and response
schemas; and our own checks (tests/e2e/fuzz_checks.py): every 4xx a problem-details body
with a ``code``, no stack trace anywhere. ``make test`` runs a bounded slice (the operator
and a municipality's administrator); ``make fuzz`` (PORTAL_FUZZ=all) every caller with more
examples. The seed is fixed so a failure reproduces; run with another seed to explore.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from portal_tokens import callers

from e2e_portal import SERVICES

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
EVERYONE = os.environ.get("PORTAL_FUZZ") == "all"
# caller -> examples per operation
ROLES = ({"operator": 40, "person": 25, "municipality_admin": 25, "region_admin": 25,
          "health_trust_admin": 25, "signatory": 25, "tutor": 25, "registration_pending": 25}
         if EVERYONE else {"operator": 40, "municipality_admin": 10})


@pytest.fixture(scope="module")
def everyone(portal):
    return callers(portal.public_url, portal.logs.parent, portal.operator(), portal.url)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", SERVICES)
def test_no_request_makes_a_service_fail_or_break_its_documented_contract(
        portal, everyone, service, role):
    token = everyone[role].headers["Authorization"]
    env = dict(os.environ, SCHEMATHESIS_HOOKS="fuzz_checks",
               PYTHONPATH=os.pathsep.join([str(Path(__file__).parent),
                                           os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [str(SCHEMATHESIS), "run", f"{portal.url}/api/{service}/openapi.json",
         "--url", portal.url, "--header", f"Authorization: {token}", "--checks", "all",
         "--max-examples", str(ROLES[role]), "--seed", "20261122", "--request-timeout", "10",
         "--no-color"],
        capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
