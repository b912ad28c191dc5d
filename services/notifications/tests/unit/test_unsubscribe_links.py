import pytest

from notifications.domain.exceptions import InvalidUnsubscribeLink
from notifications.domain.unsubscribe import UnsubscribeLinks

LINKS = UnsubscribeLinks(b"a-secret-of-sixteen-bytes", "https://portal.example/")


class TestUnsubscribeLinks:
    def test_a_link_names_the_delivery_and_reads_back(self):
        url = LINKS.url("d-1")
        assert url.startswith("https://portal.example/api/notifications/v1/unsubscribe/d-1.")
        assert LINKS.delivery_id(url.rpartition("/")[2]) == "d-1"

    def test_the_link_in_the_mail_opens_the_portals_page_with_the_same_token(self):
        page = LINKS.page_url("d-1")
        assert page == f"https://portal.example/notifications/unsubscribe/{LINKS.token('d-1')}"

    @pytest.mark.parametrize("token", ["", "d-1", "d-1.", "d-2.AAAA", ".x"])
    def test_a_forged_or_mangled_link_is_refused(self, token):
        with pytest.raises(InvalidUnsubscribeLink):
            LINKS.delivery_id(token)

    @pytest.mark.parametrize("token", ["\u00fa\u0095\u00db.\U000717e4", "d-1.\u00e6\u00f8\u00e5",
                                       "d-\ud800.AAAA"])
    def test_a_token_with_characters_no_link_has_is_refused_not_a_server_error(self, token):
        # make fuzz: non-ASCII in the path made hmac.compare_digest raise a TypeError (500)
        with pytest.raises(InvalidUnsubscribeLink):
            LINKS.delivery_id(token)

    def test_another_deliverys_signature_does_not_fit(self):
        signature = LINKS.token("d-1").rpartition(".")[2]
        with pytest.raises(InvalidUnsubscribeLink):
            LINKS.delivery_id(f"d-2.{signature}")

    def test_a_short_secret_is_refused(self):
        with pytest.raises(ValueError):
            UnsubscribeLinks(b"short", "https://portal.example")
