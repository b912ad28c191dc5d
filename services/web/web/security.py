"""Security headers on every answer, and the one check for where we may send a browser."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request

CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "font-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
    "base-uri 'none'", "object-src 'none'", "manifest-src 'self'",
])
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
NOT_RETURNED_TO = ("/auth/", "/api/", "/health/", "/metrics")


def safe_return_to(value: str | None, default: str = "/") -> str:
    """``value`` if it is a path on this site a person may be sent back to, else ``default``.

    Refuses absolute and scheme-relative URLs (``https://evil``, ``//evil``, ``/\\evil``),
    control characters, and the login machinery itself, so ``next``/``return_to`` cannot
    become an open redirect.
    """
    if not value or len(value) > 2000 or not value.startswith("/") or value.startswith("//"):
        return default
    if any(ord(c) < 33 or c in "\\\x7f" for c in value):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path.startswith(NOT_RETURNED_TO):
        return default
    return value


def init_app(app: Flask, hsts: bool) -> None:
    @app.after_request
    def secure_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if hsts:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response
