"""Nameko's two reads of removed Werkzeug names work once the kit is imported."""
import importlib

import werkzeug
import werkzeug.urls

import portal_kit  # noqa: F401  (applies the shim)


def test_werkzeug_is_3_1_or_newer():
    major, minor = (int(part) for part in werkzeug.__version__.split(".")[:2])
    assert (major, minor) >= (3, 1)


def test_nameko_websocket_module_imports_on_werkzeug_3():
    module = importlib.import_module("nameko.web.websocket")
    assert module.IDENTIFY_WEBSOCKET_RULES is True


def test_url_join_is_available_for_nameko_web_session():
    assert werkzeug.urls.url_join("http://127.0.0.1:8000/", "/health") == \
        "http://127.0.0.1:8000/health"
