"""Jinja2 templates with Babel message catalogues: one language per message.

Each mail template (``templates/mail/<name>.j2``) extends ``mail/base.j2`` and fills
two blocks, ``subject`` and ``body``; the body is written once and rendered twice,
as plain text and as HTML (by an environment that autoescapes every value), then laid
out with ``mail/layout.txt.j2`` and ``mail/layout.html.j2``. Paragraphs are separated by
blank lines; ``action(label, url)`` is the message's link (a button in HTML). SMS
templates (``templates/sms``) are plain text. Every string is marked for translation
(``{% trans %}``); the catalogues in ``translations/<language>/LC_MESSAGES/*.po``
are compiled when the renderer is built, so no build step is needed. A variable a template needs but
is not given raises ``TemplateFailed`` (``StrictUndefined``), never a half mail.
"""
from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, pass_context
from markupsafe import Markup, escape

from notifications.domain.exceptions import TemplateFailed
from notifications.domain.model import RenderedMessage
from notifications.domain.recipients import LANGUAGES

PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE / "templates"
TRANSLATIONS = PACKAGE / "translations"
BABEL_LOCALES = {"nb": "nb_NO", "da": "da_DK", "en": "en_GB"}
WIDTH = 72
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """Control characters and runs of whitespace become one space: a header stays one line."""
    return " ".join(CONTROL.sub(" ", text).split())


def catalogue(language: str, folder: Path = TRANSLATIONS) -> Translations:
    """The language's ``.po`` files (``messages.po`` and one per group of mails beside it,
    so mails added in parallel never share a file), compiled in memory into one."""
    found = sorted((folder / language / "LC_MESSAGES").glob("*.po"),
                   key=lambda path: (path.stem != "messages", path.stem))
    merged = _compiled(found[0], language)
    for path in found[1:]:
        merged.merge(_compiled(path, language))
    return merged


def _compiled(path: Path, language: str) -> Translations:
    with open(path, "rb") as po:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(po, locale=language))
    compiled.seek(0)
    return Translations(compiled)


class TemplateRenderer:
    """Renders a named template in one of the portal's languages."""

    def __init__(self, templates: Path = TEMPLATES, translations: Path = TRANSLATIONS) -> None:
        translated = {language: catalogue(language, translations) for language in LANGUAGES}
        self.environments = {(language, html): _environment(templates, found, language, html)
                             for language, found in translated.items() for html in (False, True)}

    def mail(self, template: str, language: str, values: Mapping[str, Any]) -> RenderedMessage:
        text_env, html_env = self._environment(language), self._environment(language, html=True)
        context = dict({"unsubscribe_url": None}, **values, language=language)
        try:
            page = text_env.get_template(f"mail/{template}.j2")
            subject = one_line(page.render(context, part="subject", action=_text_action))
            text = page.render(context, part="text", action=_text_action)
            html = html_env.get_template(f"mail/{template}.j2").render(
                context, part="html", action=_html_action)
            layout = dict(context, subject=subject)
            text = text_env.get_template("mail/layout.txt.j2").render(layout, body=wrap(text))
            html = html_env.get_template("mail/layout.html.j2").render(
                # The paragraphs come from the autoescaping environment: already safe.
                layout, paragraphs=[Markup(p) for p in paragraphs(html)])  # noqa: S704
        except TemplateError as exc:
            raise TemplateFailed(f"template {template} ({language}): {exc}") from exc
        return RenderedMessage(template, language, subject, text.strip() + "\n", html)

    def sms(self, template: str, language: str, values: Mapping[str, Any]) -> RenderedMessage:
        env = self._environment(language)
        try:
            text = env.get_template(f"sms/{template}.j2").render(dict(values, language=language))
        except TemplateError as exc:
            raise TemplateFailed(f"SMS template {template} ({language}): {exc}") from exc
        return RenderedMessage(template, language, "", " ".join(text.split()))

    def page(self, name: str, language: str, values: Mapping[str, Any]) -> str:
        """A small HTML page the service shows itself (``templates/pages/<name>.html.j2``)."""
        env = self._environment(language, html=True)
        return env.get_template(f"pages/{name}.html.j2").render(dict(values, language=language))

    def _environment(self, language: str, html: bool = False) -> Environment:
        if (language, html) not in self.environments:
            raise TemplateFailed(f"no templates in language {language!r}")
        return self.environments[language, html]


def _environment(folder: Path, translations: Translations, language: str,
                 html: bool) -> Environment:
    # Plain text (subject, text part, SMS) is not HTML: only the HTML environment escapes.
    env = Environment(
        loader=FileSystemLoader(folder), undefined=StrictUndefined,
        autoescape=html,  # noqa: S701
        extensions=["jinja2.ext.i18n"], keep_trailing_newline=True)
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["day"] = _day_filter(BABEL_LOCALES[language])
    env.filters["one_line"] = one_line
    return env


def _day_filter(locale: str) -> Callable[..., str]:
    @pass_context
    def day(context: Any, value: datetime | date) -> str:
        """A date as people write it in the message's language, in the recipient's time zone."""
        if isinstance(value, datetime):
            value = value.astimezone(ZoneInfo(context.get("time_zone") or "UTC")).date()
        return str(format_date(value, "long", locale=locale))
    return day


def _checked_url(url: str) -> str:
    if not re.match(r"https?://[^\s]+$", url):
        raise TemplateError(f"not an http(s) link: {url!r}")
    return url


def _text_action(label: str, url: str) -> str:
    return f"{label}:\n{_checked_url(url)}"


def _html_action(label: str, url: str) -> Markup:
    return Markup('<a href="{0}" style="{1}">{2}</a><br><span style="{3}">{0}</span>').format(
        _checked_url(url), "display:inline-block;padding:10px 16px;background:#1e2b3c;"
        "color:#ffffff;text-decoration:underline;border-radius:4px;font-weight:bold",
        escape(label), "font-size:13px;color:#44546a;word-break:break-all")


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def wrap(text: str) -> str:
    """Paragraphs wrapped at 72 characters; lines with a link are left whole."""
    result = []
    for paragraph in paragraphs(text):
        lines = paragraph.splitlines()
        if any("://" in line or line.lstrip().startswith("- ") for line in lines):
            result.append("\n".join(line.strip() for line in lines))
        else:
            result.append(textwrap.fill(" ".join(paragraph.split()), WIDTH))
    return "\n\n".join(result)
