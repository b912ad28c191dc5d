from datetime import UTC, datetime

from notifications.domain.recipients import Contact, Recipient, distinct, language_for, masked

AT = datetime(2026, 3, 2, tzinfo=UTC)


def contact(**overrides) -> Contact:
    values = {"person_id": "p-1", "given_name": "Mette", "family_name": "Jensen",
                  "email": "mette@example.dk", "mobile": None, "language": "da", "country": "DK",
                  "time_zone": None, "updated_at": AT}
    return Contact(**dict(values, **overrides))


class TestLanguage:
    def test_the_recipients_own_language_comes_first(self):
        assert language_for("en", "NO") == "en"

    def test_else_the_organisations_country_decides(self):
        assert (language_for(None, "NO"), language_for(None, "DK")) == ("nb", "da")

    def test_an_unknown_language_falls_back_to_the_country_then_english(self):
        assert language_for("sv", "DK") == "da"
        assert language_for("sv", None) == "en"


class TestRecipients:
    def test_a_person_is_addressed_by_their_id_with_their_language_and_time_zone(self):
        recipient = Recipient.person(contact())
        assert (recipient.key, recipient.name, recipient.language) == (
            "person:p-1", "Mette Jensen", "da")
        assert recipient.time_zone == "Europe/Copenhagen"

    def test_a_persons_own_time_zone_wins_over_the_countrys(self):
        assert Recipient.person(contact(time_zone="Europe/Oslo")).time_zone == "Europe/Oslo"

    def test_a_bare_address_is_addressed_by_the_address_in_the_countrys_language(self):
        recipient = Recipient.address("Post@Bergen.Kommune.no", "NO")
        assert (recipient.key, recipient.language) == ("email:post@bergen.kommune.no", "nb")

    def test_the_same_address_is_told_once(self):
        contact_address = Recipient.address("mette@example.dk", "DK")
        assert distinct([contact_address, Recipient.person(contact())]) == [contact_address]


def test_a_new_address_is_shown_masked_in_a_security_notice():
    assert masked("kari.nordmann@example.no") == "k***@example.no"
    assert masked("nonsense") == "***"
