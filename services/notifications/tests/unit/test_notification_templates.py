from datetime import date
from html.parser import HTMLParser

import pytest
from notification_samples import MAIL, SMS, mail_values, sms_values

from notifications.adapters.templates import TEMPLATES, TemplateRenderer
from notifications.domain.exceptions import TemplateFailed
from notifications.domain.messages import KINDS

LANGUAGES = ["nb", "da", "en"]


@pytest.fixture(scope="module")
def renderer():
    return TemplateRenderer()


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.opened = []

    def handle_starttag(self, tag, attrs):
        self.opened.append((tag, dict(attrs)))


def test_every_kind_of_message_has_a_mail_template_and_samples():
    assert sorted(MAIL) == sorted(KINDS)
    assert sorted(p.stem for p in (TEMPLATES / "mail").glob("*.j2")
                  if p.stem not in ("base", "layout.txt", "layout.html")) == sorted(KINDS)
    assert sorted(name for name, k in KINDS.items() if k.sms) == sorted(SMS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", sorted(MAIL))
def test_every_mail_renders_in_every_language_as_text_and_html(renderer, template, language):
    mail = renderer.mail(template, language, mail_values(template))
    assert (mail.template, mail.language) == (template, language)
    assert mail.subject and "\n" not in mail.subject
    assert mail.text.endswith("\n") and "Kari Nordmann" in mail.text or template.startswith(
        ("vejleder", "awaiting")) or template == "dpa_terminated"
    assert f'<html lang="{language}">' in mail.html and f"<title>{mail.subject}" in mail.html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", sorted(SMS))
def test_every_sms_renders_in_every_language_on_one_line_with_its_link(renderer, template,
                                                                        language):
    sms = renderer.sms(template, language, sms_values(template))
    assert "\n" not in sms.text and sms.text.endswith(sms_values(template)["link"])
    assert len(sms.text) <= 320


class TestLanguages:
    def test_a_norwegian_mail_is_norwegian_throughout(self, renderer):
        mail = renderer.mail("dpa_signed", "nb", mail_values("dpa_signed"))
        assert mail.subject == ("Databehandleravtalen gjelder: Bergen kommune kan nå ta i bruk "
                                "kompetanseportalen")
        assert "Den ble signert elektronisk av Nora Eriksen 3. mars 2026." in " ".join(
            mail.text.split())
        assert "Denne meldingen er sendt automatisk" in mail.text
        assert "agreement" not in mail.text.lower()

    def test_a_danish_mail_is_danish_throughout(self, renderer):
        mail = renderer.mail("vejleder_access", "da", mail_values("vejleder_access"))
        assert mail.subject == "Søren Nielsen har udpeget dig som vejleder i kompetenceportalen"
        text = " ".join(mail.text.split())
        assert "Din adgang gælder fra 1. marts 2026 til 31. august 2026." in text
        assert "Denne besked er sendt automatisk" in text

    def test_dates_are_the_recipients_local_dates(self, renderer):
        values = dict(mail_values("dpa_signed"), time_zone="UTC")
        text = " ".join(renderer.mail("dpa_signed", "en", values).text.split())
        assert "on 2 March 2026" in text  # 23:30 UTC is already 3 March in Oslo

    def test_a_language_without_templates_is_a_clear_error(self, renderer):
        with pytest.raises(TemplateFailed, match="no templates in language 'sv'"):
            renderer.mail("dpa_signed", "sv", mail_values("dpa_signed"))


class TestSafety:
    def test_a_missing_variable_is_a_clear_error_not_half_a_mail(self, renderer):
        values = mail_values("dpa_signed")
        del values["signatory"]
        with pytest.raises(TemplateFailed, match="'signatory' is undefined"):
            renderer.mail("dpa_signed", "nb", values)

    def test_a_name_with_line_breaks_cannot_break_the_subject(self, renderer):
        values = dict(mail_values("dpa_signed"),
                      organisation="Evil\r\nBcc: someone@example.org")
        mail = renderer.mail("dpa_signed", "en", values)
        assert "\n" not in mail.subject and "\r" not in mail.subject
        assert "Evil Bcc: someone@example.org" in mail.subject

    def test_names_cannot_inject_html(self, renderer):
        values = dict(mail_values("invitation"), trainee_name='<script>x</script>"')
        mail = renderer.mail("invitation", "en", values)
        assert "<script>" not in mail.html and "&lt;script&gt;" in mail.html
        assert "<script>x</script>" in mail.text

    def test_only_web_links_become_buttons(self, renderer):
        values = dict(mail_values("invitation"), link="javascript:alert(1)")
        with pytest.raises(TemplateFailed, match="not an http"):
            renderer.mail("invitation", "en", values)

    def test_the_html_link_is_the_action_with_a_readable_label(self, renderer):
        tags = Tags()
        tags.feed(renderer.mail("invitation", "nb", mail_values("invitation")).html)
        assert ("a", "http://localhost:8000/i/abc") in [
            (tag, attrs.get("href")) for tag, attrs in tags.opened]


class TestFooter:
    def test_a_message_that_is_not_mandatory_says_how_to_stop_it(self, renderer):
        mail = renderer.mail("invitation_reminder", "en", mail_values("invitation_reminder"))
        assert "http://localhost:8000/u/1" in mail.text
        assert 'href="http://localhost:8000/u/1"' in mail.html

    def test_a_mandatory_message_has_no_unsubscribe_link(self, renderer):
        mail = renderer.mail("invitation", "en", mail_values("invitation"))
        assert "/u/" not in mail.text and "stop receiving" not in mail.text.lower()


class TestVejlederWindow:
    @pytest.mark.parametrize(("start", "end", "expected"), [
        (date(2026, 3, 1), None, "Your access applies from 1 March 2026."),
        (None, date(2026, 8, 31), "Your access applies until 31 August 2026."),
    ])
    def test_the_window_is_said_as_far_as_it_is_known(self, renderer, start, end, expected):
        values = dict(mail_values("vejleder_access"), valid_from=start, valid_to=end)
        assert expected in " ".join(renderer.mail("vejleder_access", "en", values).text.split())

    def test_no_window_says_nothing_about_dates(self, renderer):
        values = dict(mail_values("vejleder_access"), valid_from=None, valid_to=None,
                      trainee_names=[])
        text = " ".join(renderer.mail("vejleder_access", "en", values).text.split())
        assert "applies" not in text
        assert "access to all of Søren Nielsen's current doctors in training" in text
