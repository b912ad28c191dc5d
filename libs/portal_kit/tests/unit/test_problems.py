import json

import pytest
from marshmallow import Schema, ValidationError, fields

from portal_kit import problems
from portal_kit.errors import (
    Conflict,
    ContentTooLarge,
    ContentUnsupported,
    Forbidden,
    Invalid,
    Malformed,
    NotFound,
    Unauthenticated,
    Unavailable,
)


class Thing(Schema):
    name = fields.String(required=True)


@pytest.mark.parametrize("error, status, code", [
    (NotFound("x"), 404, "not_found"), (Conflict("x"), 409, "conflict"),
    (Forbidden("x"), 403, "forbidden"), (Invalid("x"), 422, "invalid"),
    (Malformed("x"), 400, "malformed_request"), (Unauthenticated("x"), 401, "unauthenticated"),
    (Unavailable("x"), 503, "unavailable"), (ContentTooLarge("x"), 413, "content_too_large"),
    (ContentUnsupported("x"), 415, "content_unsupported")])
def test_each_domain_error_maps_to_its_status_and_stable_code(error, status, code):
    response = problems.from_exception(error)
    body = json.loads(response.get_data())
    assert (response.status_code, body["code"], body["status"]) == (status, code, status)
    assert response.mimetype == "application/problem+json"


def test_a_subclass_keeps_its_own_code_and_the_parents_status():
    class AgreementMissing(Conflict):
        code = "agreement_missing"
    response = problems.from_exception(AgreementMissing("no agreement"))
    body = json.loads(response.get_data())
    assert (response.status_code, body["code"], body["detail"]) == (409, "agreement_missing",
                                                                     "no agreement")


def test_validation_errors_list_the_fields_that_failed():
    with pytest.raises(ValidationError) as error:
        Thing().load({"nam": 1})
    body = json.loads(problems.from_exception(error.value).get_data())
    assert body["code"] == "validation_failed"
    assert set(body["errors"]) == {"name", "nam"}


def test_an_unauthenticated_answer_tells_the_client_to_use_a_bearer_token():
    response = problems.from_exception(Unauthenticated("no"))
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_missing_token_is_answered_with_the_realm_alone():
    response = problems.from_exception(Unauthenticated("A bearer token is required.",
                                                       code="missing_token"))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="portal"'


@pytest.mark.parametrize("code", ["invalid_token", "token_expired"])
def test_a_present_but_invalid_token_is_answered_with_invalid_token(code):
    response = problems.from_exception(Unauthenticated('The token is "not" valid: bad\n',
                                                       code=code))
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="portal", error="invalid_token", '
        'error_description="The token is not valid: bad"')


def test_an_unknown_exception_is_not_a_problem_but_a_bug():
    assert problems.from_exception(KeyError("x")) is None
    body = json.loads(problems.internal_error().get_data())
    assert body["status"] == 500 and "Traceback" not in json.dumps(body)


def _database_error(sqlstate):
    import psycopg2.errors
    from sqlalchemy import exc
    error = psycopg2.errors.lookup(sqlstate)("from the server")
    error.__setstate__({"pgcode": sqlstate, "pgerror": "from the server", "cursor": None})
    return exc.OperationalError("SELECT 1", {}, error)


@pytest.mark.parametrize("sqlstate", ["40001", "57P01", "08006"])
def test_a_database_that_is_away_or_lost_a_race_answers_retry_later(sqlstate):
    response = problems.from_exception(_database_error(sqlstate))
    assert response.status_code == 503 and response.headers["Retry-After"]


@pytest.mark.parametrize("sqlstate", ["57014", "53100", "54000"])
def test_a_statement_timeout_a_full_disk_or_a_limit_is_an_error_not_retry_later(sqlstate):
    assert problems.from_exception(_database_error(sqlstate)) is None


def _integrity_error(*statements):
    from sqlalchemy import create_engine, exc, text
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("PRAGMA foreign_keys=ON"))
        connection.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL "
                                "UNIQUE CHECK (name <> ''), parent INTEGER REFERENCES parent)"))
        connection.execute(text("INSERT INTO t (id, name) VALUES (1, 'taken')"))
    with pytest.raises(exc.IntegrityError) as error, engine.begin() as connection:
        connection.execute(text("PRAGMA foreign_keys=ON"))
        for statement in statements:
            connection.execute(text(statement))
    return error.value


@pytest.mark.parametrize("statement", ["INSERT INTO t (id, name) VALUES (2, 'taken')",
                                       "INSERT INTO t (id, name) VALUES (1, 'free')"])
def test_a_write_that_lost_a_uniqueness_race_is_a_conflict(statement):
    response = problems.from_exception(_integrity_error(statement))
    body = json.loads(response.get_data())
    assert (response.status_code, body["code"]) == (409, "conflicting_change")


@pytest.mark.parametrize("statement", ["INSERT INTO t (id, name) VALUES (2, NULL)",
                                       "INSERT INTO t (id, name) VALUES (2, '')",
                                       "INSERT INTO t (id, name, parent) VALUES (2, 'x', 9)"])
def test_other_integrity_errors_are_bugs_not_conflicts(statement):
    assert problems.from_exception(_integrity_error(statement)) is None


def test_a_bug_answers_500_and_is_logged_with_its_traceback(caplog):
    from portal_kit.http import ApiEntrypoint
    error = _integrity_error("INSERT INTO t (id, name) VALUES (2, NULL)")
    response = ApiEntrypoint("POST", "/things").response_from_exception(error)
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert record.exc_info[1] is error
