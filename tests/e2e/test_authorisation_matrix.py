"""Every endpoint × every kind of caller against the table in authorisation.yaml.

The endpoints come from the services' own OpenAPI documents, so a new endpoint fails
here until the table says who may call it; the callers are tokens of every role and
tokens that must never work (tests/e2e/portal_tokens.py). The matrix is printed.
"""
import pytest
from authorisation_matrix import (
    ask,
    draft_rule,
    endpoints,
    expected,
    fits,
    load_table,
    observe,
    render,
)
from portal_tokens import callers

from e2e_portal import SERVICES


@pytest.fixture(scope="module")
def everyone(portal):
    return callers(portal.public_url, portal.logs.parent, portal.operator(), portal.url)


@pytest.fixture(scope="module")
def documented(portal):
    return endpoints(portal.url, SERVICES)


def test_every_endpoint_has_a_line_in_the_table_and_every_line_an_endpoint(
        portal, everyone, documented):
    table = load_table()
    listed = {(service, key) for service, rows in table.items() for key in rows}
    missing = [e for e in documented if (e.service, e.key) not in listed]
    drafts = [f"{e.service}:  {e.key}: {draft_rule(e, observe(portal.url, e, everyone))}"
              for e in missing]
    assert drafts == [], ("endpoints without a line in authorisation.yaml; what the running "
                          "portal does (check it is what it should do):\n" + "\n".join(drafts))
    found = {(e.service, e.key) for e in documented}
    assert sorted(listed - found) == [], "lines in authorisation.yaml for no endpoint"


def test_an_endpoint_is_public_in_the_table_exactly_when_its_document_asks_no_token(
        documented):
    table = load_table()
    wrong = [e.key for e in documented
             if (table[e.service].get(e.key) == "public") == e.secured]
    assert wrong == []


def test_no_caller_gets_past_a_gate_the_table_closes_to_it_and_none_meets_a_5xx(
        portal, everyone, documented, capsys):
    table = load_table()
    matrix, wrong = {}, []
    for endpoint in documented:
        rule = table[endpoint.service].get(endpoint.key, [])
        matrix[endpoint.key] = {}
        for name, caller in everyone.items():
            refused = expected(rule, name) != "passed"
            answer = ask(portal.url, endpoint, caller.headers, valid_body=refused)
            matrix[endpoint.key][name] = answer
            if not fits(answer, rule, name):
                wrong.append(f"{endpoint.key} as {name}: {answer.status} {answer.code} "
                             f"(table: {rule}, expected {expected(rule, name)})")
    with capsys.disabled():
        print("\n" + render(matrix, list(everyone)))
    assert wrong == []
