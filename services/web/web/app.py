"""``create_app(settings)``: the one place that wires the web front end.

Run it with gunicorn (``gunicorn -c services/web/gunicorn.conf.py 'web.app:create_app()'``);
``make run`` does, behind the local origin.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, request, url_for
from flask_babel import lazy_gettext as _l

from portal_kit.db import make_engine
from web import csrf, errors, forms, i18n, observability, security, sessions
from web.api import Problem, Services
from web.auth import BROKER_COUNTRIES, BROKERS
from web.auth import bp as auth_pages
from web.config import Settings, from_environment
from web.menu import menu_for
from web.messages import problem_message
from web.oidc import IdentityClient
from web.pages import (
    account,
    admin,
    documents_library,
    notifications,
    operator,
    programmes,
    public,
    signatory,
    team,
)
from web.pages import documents as documents_pages
from web.parts import Parts
from web.store import LoginTransactions, SessionStore, TokenCipher

PAGES = (auth_pages, public.bp, account.bp, operator.bp, signatory.bp, admin.bp,
         notifications.bp, team.bp, documents_pages.bp, documents_library.bp, programmes.bp)
SERVICE_NAMES = {"identity": _l("people and agreements"),
                 "invitations": _l("invitations"), "competencies": _l("competencies"),
                 "documents": _l("documents"), "notifications": _l("notifications")}
MAX_FORM_BYTES = 1024 * 1024
STATIC_SECONDS = 365 * 24 * 3600  # asset URLs carry a content hash


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or from_environment()
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, MAX_CONTENT_LENGTH=MAX_FORM_BYTES,
                      MAX_FORM_MEMORY_SIZE=MAX_FORM_BYTES,
                      SEND_FILE_MAX_AGE_DEFAULT=STATIC_SECONDS)
    app.extensions["portal"] = _parts(settings)
    observability.init_app(app, app.extensions["portal"].engine)
    sessions.init_app(app)
    csrf.init_app(app, settings.secret_key, settings.public_base_url)
    security.init_app(app, hsts=settings.secure_transport)
    i18n.init_app(app)
    errors.init_app(app)
    for blueprint in PAGES:
        app.register_blueprint(blueprint)
    _templating(app)
    return app


def _parts(settings: Settings) -> Parts:
    engine = make_engine(settings.database_url)
    cipher = TokenCipher(settings.secret_key)
    store = SessionStore(engine, cipher, timedelta(minutes=settings.session_idle_minutes),
                         timedelta(hours=settings.session_max_hours))
    return Parts(settings, engine, store,
                 LoginTransactions(engine, timedelta(minutes=settings.login_minutes)),
                 IdentityClient(settings),
                 Services(settings.service_urls, settings.request_timeout,
                          language=i18n.chosen_language),
                 cipher)


def _templating(app: Flask) -> None:
    versions: dict[str, str] = {}

    def asset(name: str) -> str:
        """A static file's URL with a content hash, so browsers may cache it for long."""
        if name not in versions:
            path = Path(app.static_folder or "") / name
            versions[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:12] \
                if path.exists() else "missing"
        return url_for("static", filename=name, v=versions[name])

    def problem_text(problem: Problem) -> str:
        return problem_message(problem.code, problem.status)

    @app.before_request
    def kept_draft() -> None:
        forms.open_kept(g.visit.session.subject if g.visit.session else None)

    @app.after_request
    def used_draft(response: Response) -> Response:
        forms.clear_used(response)
        return response

    @app.context_processor
    def page_context() -> dict[str, Any]:
        visit = g.get("visit")
        claims = visit.claims if visit else None
        menu = [item for item in menu_for(claims) if item.endpoint in app.view_functions]
        return {"visit": visit, "menu": menu, "asset": asset, "problem_text": problem_text,
                "service_names": SERVICE_NAMES, "brokers": BROKERS,
                "countries_of_brokers": BROKER_COUNTRIES,
                "notice": public.NOTICES.get(request.args.get("notice", ""))}
