"""Every endpoint of every service, fuzzed through the origin from its own OpenAPI document.

schemathesis generates valid and invalid requests (bodies, paths, queries,
methods, missing auth) and checks every answer: no 500, the declared status
codes and response schemas, problem details for errors. The seed is fixed so a
failure here reproduces; run the same command with another seed to explore.
"""
import subprocess
import sys
from pathlib import Path

import pytest

from e2e_portal import SERVICES

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


@pytest.mark.parametrize("service", SERVICES)
def test_no_request_makes_a_service_fail_or_break_its_documented_contract(portal, service):
    token = portal.operator()["Authorization"]
    result = subprocess.run(
        [str(SCHEMATHESIS), "run", f"{portal.url}/api/{service}/openapi.json",
         "--url", portal.url, "--header", f"Authorization: {token}", "--checks", "all",
         "--max-examples", "40", "--seed", "20261122", "--request-timeout", "10",
         "--no-color"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
