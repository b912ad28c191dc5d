"""Every kind of message a person may turn off or collect can be chosen over HTTP."""
from notifications.domain.messages import CHOICES, KINDS
from notifications.schemas.http import Preferences


def test_every_category_with_choices_is_in_the_settings_api():
    assert sorted(Preferences().fields) == sorted(CHOICES)


def test_every_message_that_is_not_mandatory_belongs_to_a_category_with_choices():
    assert sorted({k.category for k in KINDS.values() if not k.mandatory} - set(CHOICES)) == []


def test_the_api_offers_exactly_the_choices_the_domain_allows():
    for category, choices in CHOICES.items():
        offered = Preferences().fields[category].validate.choices
        assert list(offered) == list(choices), category
