import json
import logging

from portal_kit import correlation
from portal_kit.observability import JsonFormatter


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

