"""The provider's one WSGI app: both brokers, an index of them, and health probes."""
from __future__ import annotations

import time

from flask import Flask, jsonify

from .brokers import BROKERS
from .keys import pairwise_salt, signing_key
from .people import load_people
from .provider import BrokerServer
from .settings import Settings
from .store import Clock
from .web import broker_blueprint


def create_app(settings: Settings, clock: Clock = time.time) -> Flask:
    """Wire both issuers; ``clock`` (real time) decides when codes and requests expire."""
    app = Flask(__name__)
    people = load_people(settings.people_file)
    salt = pairwise_salt(settings.data_dir)
    servers = {name: BrokerServer(broker, settings, people,
                                  signing_key(settings.data_dir, name), salt, clock)
               for name, broker in BROKERS.items()}
    for server in servers.values():
        app.register_blueprint(broker_blueprint(server))
    issuers = {name: server.issuer for name, server in servers.items()}
    app.add_url_rule("/", "index", lambda: jsonify(
        {"provider": "development eID provider (test people only)", "issuers": issuers}))
    app.add_url_rule("/health/live", "live", lambda: jsonify({"status": "ok"}))
    app.add_url_rule("/health/ready", "ready", lambda: jsonify({"status": "ok"}))
    app.extensions["dev_eid.servers"] = servers
    return app
