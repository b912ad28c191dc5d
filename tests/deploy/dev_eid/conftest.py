"""The development eID provider over real HTTP, in this process, with a clock the tests move.

The provider runs in a thread on a free port; identity's side is played by a relying party
built on Authlib's requests client (``relying_party.py``), with a key whose public JWKS a small
server publishes, as identity publishes its broker-client JWKS.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from dev_eid.app import create_app
from dev_eid.settings import RelyingPartySettings, Settings

sys.path.insert(0, str(Path(__file__).parent))
PEOPLE_FILE = Path(__file__).resolve().parents[3] / "deploy" / "dev_eid" / "people.yaml"

from relying_party import REDIRECT_URI, SECRET, RelyingParty, new_key  # noqa: E402


class ManualClock:
    """Real time, plus however far a test has moved it."""

    def __init__(self):
        self.offset = 0.0

    def __call__(self):
        return time.time() + self.offset

    def advance(self, seconds):
        self.offset += seconds


class Provider:
    def __init__(self, url, clock, data_dir):
        self.url, self.clock, self.data_dir = url, clock, data_dir

    def issuer(self, broker):
        return f"{self.url}/{broker}"

    def relying_party(self, broker, **kwargs):
        return RelyingParty(self.issuer(broker), **kwargs)


def serve(app_or_handler, port=0):
    """Serve a WSGI app (or an http.server handler class) in a thread; returns (url, stop)."""
    if isinstance(app_or_handler, type):
        server = ThreadingHTTPServer(("127.0.0.1", port), app_or_handler)
    else:
        server = make_server("127.0.0.1", port, app_or_handler, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()
    return f"http://127.0.0.1:{server.server_address[1]}", stop


def jwks_handler(holder):
    class PublishJwks(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = json.dumps(holder["jwks"]).encode()
            holder["fetches"] += 1
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            """Quiet."""
    return PublishJwks


@pytest.fixture(scope="session")
def client_key():
    """Identity's broker-client key (the private half stays with the relying party)."""
    return new_key()


@pytest.fixture(scope="session")
def publish_jwks():
    """``publish_jwks(keys)``: a JWKS URL serving those public keys; a test may swap them."""
    stops = []

    def publish(keys):
        holder = {"jwks": {"keys": [key.as_dict(private=False) for key in keys]}, "fetches": 0}
        url, stop = serve(jwks_handler(holder))
        stops.append(stop)
        holder["url"] = url + "/api/identity/.well-known/broker-client-jwks.json"
        return holder
    yield publish
    for stop in stops:
        stop()


@pytest.fixture(scope="session")
def start_provider(tmp_path_factory, free_port):
    """``start_provider(client_settings)``: a provider of its own, stopped after the session."""
    stops = []

    def start(client):
        port, clock = free_port(), ManualClock()
        settings = Settings(public_url=f"http://127.0.0.1:{port}", host="127.0.0.1", port=port,
                            data_dir=tmp_path_factory.mktemp("eid") / "dev-eid",
                            people_file=PEOPLE_FILE, client=client)
        url, stop = serve(create_app(settings, clock), port)
        stops.append(stop)
        return Provider(url, clock, settings.data_dir)
    yield start
    for stop in stops:
        stop()


@pytest.fixture(scope="session")
def provider(start_provider, publish_jwks, client_key):
    """The provider as ``make run`` configures it: a client secret and a jwks_uri."""
    jwks = publish_jwks([client_key])
    return start_provider(RelyingPartySettings("portal-identity", SECRET, (REDIRECT_URI,),
                                               jwks_uri=jwks["url"]))
