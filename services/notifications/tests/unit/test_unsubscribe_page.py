import pytest

from notifications.adapters.templates import TemplateRenderer

FLAGS = {"invalid": False, "done": False, "mandatory": False}


@pytest.fixture(scope="module")
def renderer():
    return TemplateRenderer()


@pytest.mark.parametrize("language", ["nb", "da", "en"])
@pytest.mark.parametrize("state", ["invalid", "done", "mandatory", None])
def test_the_unsubscribe_page_renders_in_every_state_and_language(renderer, state, language):
    page = renderer.page("unsubscribe", language, dict(FLAGS, **({state: True} if state else {})))
    assert f'<html lang="{language}">' in page and "<h1>" in page and "<title>" in page
    assert ('<form method="post"' in page) == (state is None)


def test_asking_to_confirm_shows_a_button_that_posts_one_click(renderer):
    page = renderer.page("unsubscribe", "nb", FLAGS)
    assert 'name="List-Unsubscribe" value="One-Click"' in page
    assert "Meld meg av" in page
