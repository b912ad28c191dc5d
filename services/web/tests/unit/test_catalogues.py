"""Every string a page shows is translated into Norwegian Bokmål, Danish and English."""
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

WEB = Path(__file__).resolve().parents[2]
LANGUAGES = ["nb", "da", "en"]


def source_messages() -> set[str]:
    """Every message id in the Python code and templates, as ``pybabel extract`` finds it."""
    with open(WEB / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    found = extract_from_dir(str(WEB), method_map, options_map, keywords=keywords)
    return {message if isinstance(message, str) else message[0]
            for _, _, message, _, _ in found}


def catalogues(language: str) -> list:
    """The common catalogue (``messages.po``) and one per area of the portal."""
    found = []
    for path in sorted((WEB / "web" / "translations" / language / "LC_MESSAGES").glob("*.po")):
        with open(path, "rb") as po:
            found.append(read_po(po, locale=language))
    return found


class catalogue:  # noqa: N801 - reads like the one catalogue the areas' catalogues make up
    def __init__(self, language: str) -> None:
        self.parts = catalogues(language)

    def __iter__(self):
        for part in self.parts:
            yield from part

    def get(self, message_id: str):
        for part in self.parts:
            if part.get(message_id) is not None:
                return part.get(message_id)
        return None

    def check(self):
        for part in self.parts:
            yield from part.check()


@pytest.fixture(scope="module")
def messages() -> set[str]:
    return source_messages()


def test_the_source_has_messages_to_translate(messages):
    assert "Skip to main content" in messages and len(messages) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(messages, language):
    found = catalogue(language)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in found if m.id}
    assert sorted(messages - ids) == [], f"missing from {language}"
    assert sorted(ids - messages) == [], f"no longer in the source, remove from {language}"
    untranslated = [m.id for m in found if m.id and (
        not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    assert untranslated == [], f"untranslated in {language}"
    assert [m.id for m in found if m.id and m.fuzzy] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    problems = [(message.id, errors) for message, errors in catalogue(language).check()]
    assert problems == []


@pytest.mark.parametrize("language", ["nb", "da"])
def test_a_translation_differs_from_english_where_a_language_would(language):
    found = catalogue(language)
    assert found.get("Log out").string != "Log out"
    assert found.get("Skip to main content").string != "Skip to main content"
