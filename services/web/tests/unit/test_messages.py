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


@pytest.mark.parametrize(("value", "expected"), [
    ("", "Fill in this field."),
    (None, "Fill in this field."),
    ("ab", "The text is too short: use at least 3 characters."),
    ("x" * 41, "The text is too long: use at most 40 characters."),
])
def test_a_length_between_says_whether_the_text_is_missing_too_short_or_too_long(
        value, expected):
    values = {} if value is None else {"name": value}
    found = field_errors({"name": ["Length must be between 3 and 40."]}, values)
    assert found == {"name": [expected]}


def test_a_length_between_without_the_value_names_both_bounds():
    assert field_errors({"name": ["Length must be between 3 and 40."]}) == {
        "name": ["Use between 3 and 40 characters."]}


def test_a_minimum_or_maximum_length_names_its_bound():
    found = field_errors({"a": ["Shorter than minimum length 5."],
                          "b": ["Longer than maximum length 200."],
                          "c": ["Shorter than minimum length 1."]})
    assert found == {"a": ["The text is too short: use at least 5 characters."],
                     "b": ["The text is too long: use at most 200 characters."],
                     "c": ["Fill in this field."]}


@pytest.mark.parametrize(("language", "expected"), [
    ("nb", "Teksten er for kort: bruk minst 3 tegn."),
    ("da", "Teksten er for kort: brug mindst 3 tegn."),
    ("en", "The text is too short: use at least 3 characters."),
])
def test_the_length_messages_come_in_each_language(language, expected):
    from pathlib import Path

    from flask_babel import force_locale
    app = Flask(__name__)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(
        Path(__file__).resolve().parents[2] / "web" / "translations")
    Babel(app)
    with app.test_request_context(), force_locale(language):
        found = field_errors({"name": ["Length must be between 3 and 40."]}, {"name": "ab"})
    assert found == {"name": [expected]}
