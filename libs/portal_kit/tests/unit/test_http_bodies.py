import json

import pytest
from marshmallow import Schema, fields
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from portal_kit.errors import Malformed
from portal_kit.http import load_body, load_query, read_json


class Name(Schema):
    name = fields.String(required=True)


def request(body=b"", query=None, content_type="application/json"):
    return Request(EnvironBuilder(method="POST", data=body, query_string=query,
                                  content_type=content_type).get_environ())


@pytest.mark.parametrize("body", [b"{", b"\xff", b"NaN", b'{"a": Infinity}',
                                  b"[" * 5000 + b"]" * 5000, b'{"a":' * 40 + b"1" + b"}" * 40])
def test_unreadable_or_absurd_json_is_malformed(body):
    with pytest.raises(Malformed):
        read_json(request(body))


def test_a_body_that_is_not_an_object_is_malformed():
    with pytest.raises(Malformed):
        load_body(request(b"[1]"), Name())


@pytest.mark.parametrize("where", ["body", "query"])
def test_text_with_a_nul_character_is_refused_before_it_reaches_a_database(where):
    with pytest.raises(Malformed) as error:
        if where == "body":
            load_body(request(json.dumps({"name": "a\u0000b"}).encode()), Name())
        else:
            load_query(request(query={"name": "a\x00b"}), Name())
    assert error.value.code == "nul_character"


def test_a_well_formed_body_is_loaded_by_its_schema():
    assert load_body(request(b'{"name": "Kari"}'), Name()) == {"name": "Kari"}


def chunked_request(body):
    """A request as the server hands it over for ``Transfer-Encoding: chunked``: no length."""
    import io
    environ = EnvironBuilder(method="POST", input_stream=io.BytesIO(body),
                             headers={"Transfer-Encoding": "chunked"},
                             content_type="application/json").get_environ()
    environ.pop("CONTENT_LENGTH", None)
    request = Request(environ)
    request.max_content_length = 1024 * 1024
    return request


def test_a_chunked_body_without_content_length_is_read():
    assert load_body(chunked_request(b'{"name": "Kari"}'), Name()) == {"name": "Kari"}


def test_a_chunked_body_over_the_limit_is_refused_while_reading():
    with pytest.raises(Malformed) as error:
        read_json(chunked_request(b'{"name": "' + b"x" * (1024 * 1024) + b'"}'))
    assert error.value.code == "body_too_large"
