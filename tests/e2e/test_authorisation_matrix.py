"""Every endpoint × every kind of caller against the table in authorisation.yaml, and
every endpoint naming a person or a thing of theirs × every relationship to trainee A.

The endpoints come from the services' own OpenAPI documents, so a new endpoint fails
here until the table says who may call it; the callers are tokens of every role and
tokens that must never work (tests/e2e/portal_tokens.py); past the gate, the people of a
small world around A (tests/e2e/authorisation_world.py). Both matrices are printed, the
second also written to build/authorisation-matrix.txt.
"""
import authorisation_world
import pytest
from authorisation_matrix import (
    ask,
    ask_in_world,
    draft_rule,
    endpoints,
    expected,
    fits,
    load_relationships,
    load_table,
    observe,
    order,
    relational,
    render,
    render_relationships,
    unplaced_parameters,
)
from portal_tokens import callers

from e2e_portal import ROOT, SERVICES

# within an endpoint, the callers the table refuses ask first (with bodies that would
# change something), those it allows last (with empty bodies, which change nothing)


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


@pytest.fixture(scope="module")
def world(portal):
    return authorisation_world.build(portal)


def test_every_path_parameter_is_known_to_name_a_persons_thing_or_not(documented):
    assert unplaced_parameters(documented) == [], (
        "path parameters the relationship matrix has not been told about: add each to "
        "RELATIONAL (and the world's value) or NOT_RELATIONAL in authorisation_matrix.py")


def test_every_endpoint_naming_a_persons_thing_has_a_line_of_relationships_and_back(
        portal, world, documented):
    table = load_relationships()
    unknown = sorted({c for rows in table.values() for rule in rows.values() for c in rule}
                     - set(world.callers))
    assert {e for rows in table.values() for rule in rows.values()
            for e in rule.values()} <= {"allowed", "empty"}
    assert unknown == [], "relationships in authorisation.yaml the world has no caller for"
    named = [e for e in documented if relational(e)]
    missing = [e for e in named if e.key not in table.get(e.service, {})]
    drafts = []
    for e in missing:  # empty bodies: a draft changes nothing in the world
        seen = {name: ask_in_world(portal.url, e, name, world, "allowed")
                for name in world.callers}
        drafts.append(f"{e.service}:  {e.key}: [{', '.join(n for n, cell in seen.items() if cell.fits(e.method))}]")
    assert drafts == [], ("endpoints naming a person's thing without a line under "
                          "relationships in authorisation.yaml; who the running portal lets "
                          "past (check it is what the domain says):\n" + "\n".join(drafts))
    found = {(e.service, e.key) for e in named}
    listed = {(s, k) for s, rows in table.items() for k in rows}
    assert sorted(listed - found) == [], "relationship lines for no such endpoint"


def test_no_relationship_to_the_trainee_gets_what_the_table_refuses_it(
        portal, world, documented, capsys):
    table = load_relationships()
    matrix, methods, wrong = {}, {}, []
    for endpoint in order([e for e in documented if relational(e)]):
        allowed = table.get(endpoint.service, {}).get(endpoint.key, {})
        methods[endpoint.key], cells = endpoint.method, {}
        for name in sorted(world.callers, key=lambda n: n in allowed):
            cell = ask_in_world(portal.url, endpoint, name, world,
                                allowed.get(name, "refused"))
            cells[name] = cell
            if not cell.fits(endpoint.method):
                wrong.append(f"{endpoint.key} as {name}: {cell.status} {cell.code} "
                             f"({allowed.get(name, 'refused')} by the table)")
        matrix[endpoint.key] = {name: cells[name] for name in world.callers}
    lis1 = {k for k in matrix if world.scene(k) is world.lis1}
    shown = render_relationships(matrix, list(world.callers), methods, lis1)
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "authorisation-matrix.txt").write_text(shown + "\n", encoding="utf-8")
    with capsys.disabled():
        print("\n" + shown)
    unauthorised = [w for w in wrong if w.split(": ")[1].startswith("2") and "(refused" in w]
    assert unauthorised == [], "unauthorised successes:\n" + "\n".join(unauthorised)
    assert wrong == []
