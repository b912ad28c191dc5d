"""Problem details become sentences a person understands."""
import pytest
from flask import Flask
from flask_babel import Babel

from web.messages import field_errors, problem_message


@pytest.fixture(autouse=True)
def context():
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        yield


def test_marshmallows_messages_are_translated_per_field():
    found = field_errors({"email": ["Not a valid email address."],
                          "given_name": ["Missing data for required field."]})
    assert found == {"email": ["Enter an e-mail address in the form name@example.no."],
                     "given_name": ["Fill in this field."]}


def test_an_unknown_message_becomes_a_plain_one_never_the_raw_text():
    assert field_errors({"x": "Frobnication failed <b>."}) == {
        "x": ["This value was not accepted."]}


def test_a_known_code_has_its_own_sentence_and_an_unknown_one_its_status_sentence():
    assert "already used" in problem_message("email_taken", 409)
    assert problem_message("something_new", 409).startswith("This conflicts")
    assert problem_message("something_new", 418) == "The service refused the request."
