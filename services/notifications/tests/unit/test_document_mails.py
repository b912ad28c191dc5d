"""The trainee hears how their uploaded paper document was judged, in their own language."""
import pytest
from notification_samples import mail_values

from notifications.adapters.templates import TemplateRenderer


@pytest.fixture(scope="module")
def renderer():
    return TemplateRenderer()


def flat(text):
    return " ".join(text.split())


class TestConfirmed:
    def test_says_who_confirmed_which_kind_and_what_it_now_counts_for(self, renderer):
        mail = renderer.mail("document_confirmed", "nb", mail_values("document_confirmed"))
        assert mail.subject == "Dokument bekreftet: kursbevis"
        assert ("Ola Hansen bekreftet 3. mars 2026 at dokumentet du lastet opp (kursbevis), "
                "er riktig.") in flat(mail.text)
        assert "dokumentasjon for KLS-012" in flat(mail.text)

    def test_without_a_known_confirmer_or_item_it_still_reads_whole(self, renderer):
        values = dict(mail_values("document_confirmed"), decided_by="", curriculum_item=None,
                      kind="other")
        mail = renderer.mail("document_confirmed", "da", values)
        assert mail.subject == "Dokument bekræftet: andet dokument"
        assert "Den 3. marts 2026 blev dokumentet du uploadede (andet dokument)" in flat(
            mail.text)
        assert "Det tæller nu som dokumentation i dit uddannelsesforløb." in flat(mail.text)


class TestRejected:
    def test_gives_the_reason_and_what_to_do_next(self, renderer):
        mail = renderer.mail("document_rejected", "en", mail_values("document_rejected"))
        assert mail.subject == "Document not accepted: time attestation"
        text = flat(mail.text)
        assert "Reason given: The scan is unreadable." in text
        assert "upload a corrected scan" in text

    def test_a_reason_cannot_inject_html(self, renderer):
        values = dict(mail_values("document_rejected"), reason='<a href="http://evil">x</a>')
        mail = renderer.mail("document_rejected", "nb", values)
        assert '<a href="http://evil">' not in mail.html and "&lt;a href=" in mail.html
