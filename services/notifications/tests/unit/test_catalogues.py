"""Every string in every template is translated into Norwegian Bokmål, Danish and English."""
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

SERVICE = Path(__file__).resolve().parents[2]
LANGUAGES = ["nb", "da", "en"]


def source_messages() -> set[str]:
    """Every message id in the templates, as ``pybabel extract -F babel.cfg`` finds it."""
    with open(SERVICE / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = extract_from_dir(str(SERVICE), method_map, options_map, keywords=DEFAULT_KEYWORDS)
    return {message if isinstance(message, str) else message[0]
            for _, _, message, _, _ in found}


def catalogues(language: str):
    """The language's ``.po`` files (``messages.po`` and those beside it)."""
    folder = SERVICE / "notifications" / "translations" / language / "LC_MESSAGES"
    found = []
    for path in sorted(folder.glob("*.po")):
        with open(path, "rb") as po:
            found.append(read_po(po, locale=language))
    return found


def catalogue(language: str):
    """Every message of the language's files as one list (a message id twice is a fault)."""
    return [m for found in catalogues(language) for m in found if m.id]


@pytest.fixture(scope="module")
def messages() -> set[str]:
    return source_messages()


def test_the_templates_have_messages_to_translate(messages):
    assert "Welcome to the competency portal" in messages and len(messages) > 50


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(messages, language):
    found = catalogue(language)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in found if m.id}
    assert sorted(messages - ids) == [], f"missing from {language}"
    assert sorted(ids - messages) == [], f"no longer in the templates, remove from {language}"
    untranslated = [m.id for m in found if m.id and (
        not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    assert untranslated == [], f"untranslated in {language}"
    assert [m.id for m in found if m.id and m.fuzzy] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    assert [(m.id, errors) for found in catalogues(language) for m, errors in found.check()
            ] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_in_two_files(language):
    ids = [m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(language)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


@pytest.mark.parametrize("language", ["nb", "da"])
def test_norwegian_and_danish_sentences_are_not_english(language):
    found = catalogue(language)
    same = [m.id for m in found if m.id and len(str(m.id).split()) > 1 and m.string == m.id]
    assert same == []
