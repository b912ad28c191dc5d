import json
import logging
import sys

import psycopg2
from sqlalchemy.exc import OperationalError

from portal_kit import correlation
from portal_kit.errors import NotFound
from portal_kit.observability import (
    JsonFormatter,
    QuietExpectedFailures,
    method_label,
    status_label,
)


def record(message="signed", exc_info=None):
    return logging.LogRecord("identity.handlers", logging.INFO, __file__, 1, message, (),
                             exc_info)


def test_a_log_line_is_one_json_object_with_the_correlation_id_of_the_work_in_hand():
    correlation.set("corr-42")
    line = json.loads(JsonFormatter(service="identity").format(record()))
    assert line["correlation_id"] == "corr-42" and line["service"] == "identity"
    assert (line["level"], line["logger"], line["message"]) == ("info", "identity.handlers",
                                                                "signed")


def test_an_exception_is_logged_inside_the_json_line():
    try:
        raise ValueError("bad")
    except ValueError:
        text = JsonFormatter().format(record(exc_info=sys.exc_info()))
    assert "\n" not in text and "ValueError: bad" in json.loads(text)["exception"]



class TestLabels:
    def test_known_methods_are_their_own_label_and_anything_else_is_other(self):
        assert [method_label(m) for m in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                                          "OPTIONS")] == ["GET", "HEAD", "POST", "PUT",
                                                          "PATCH", "DELETE", "OPTIONS"]
        assert {method_label(m) for m in ("get", "PROPFIND", "X" * 500, "GET ")} == {"OTHER"}

    def test_common_statuses_keep_their_code_and_the_rest_only_their_class(self):
        assert [status_label(s) for s in (200, 201, 404, 422, 503)] == [
            "200", "201", "404", "422", "503"]
        assert [status_label(s) for s in (299, 418, 599, 99, 600)] == [
            "2xx", "4xx", "5xx", "other", "other"]


class TestQuietExpectedFailures:
    def worker_failed(self, exc, expected=False):
        try:
            raise exc
        except Exception as caught:
            message = ("(expected) " if expected else "") + "error handling worker %s: %s"
            level = logging.WARNING if expected else logging.ERROR
            record = logging.LogRecord("nameko.containers", level, __file__, 1, message,
                                       ("<WorkerContext [ledger.add]>", caught), sys.exc_info())
        QuietExpectedFailures().filter(record)
        return record

    def test_a_database_outage_is_one_warning_line_without_traceback(self):
        record = self.worker_failed(OperationalError(
            "INSERT ...", {}, psycopg2.OperationalError("connection refused")))
        assert (record.levelname, record.exc_info) == ("WARNING", None)
        assert record.getMessage().startswith(
            "<WorkerContext [ledger.add]> answered unavailable: OperationalError:")

    def test_a_domain_error_keeps_its_warning_and_loses_its_traceback(self):
        record = self.worker_failed(NotFound("No such organisation."), expected=True)
        assert (record.levelname, record.exc_info) == ("WARNING", None)
        assert "NotFound: No such organisation." in record.getMessage()

    def test_a_bug_stays_an_error_with_its_traceback(self):
        record = self.worker_failed(KeyError("oops"))
        assert record.levelname == "ERROR" and record.exc_info is not None
