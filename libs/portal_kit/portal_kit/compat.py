"""Nameko 2.14.1 on Werkzeug 3.1: the two places it reads what Werkzeug removed.

``nameko.web.websocket`` reads ``werkzeug.__version__`` (gone in 3.1) and
nameko's ``web_session`` test fixture imports ``werkzeug.urls.url_join``
(gone in 3.0). Both are restored once, on import of the kit, before nameko
looks; nameko's HTTP entrypoints themselves work on 3.1 unchanged.
"""
from __future__ import annotations

from importlib.metadata import version
from urllib.parse import urljoin

import werkzeug
import werkzeug.urls


def apply() -> None:
    if not hasattr(werkzeug, "__version__"):
        werkzeug.__version__ = version("werkzeug")  # type: ignore[attr-defined]
    if not hasattr(werkzeug.urls, "url_join"):
        werkzeug.urls.url_join = urljoin  # type: ignore[attr-defined]
