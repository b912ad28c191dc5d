import json
import logging

from portal_kit import correlation
from portal_kit.observability import JsonFormatter, method_label, status_label


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
        import sys
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
