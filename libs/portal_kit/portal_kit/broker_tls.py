"""TLS to the broker: every AMQP connection of a service verifies the broker's certificate.

An ``amqps://`` ``AMQP_URI`` makes every connection TLS: nameko's consumers and
publishers (its ``AMQP_SSL`` setting, which ``with_broker_tls`` fills in), the kit's
relay and dead-letter publisher, the broker health check and the command-line tools
(``portal_kit.topology``, ``portal_kit.dead_letters``). Each one checks the broker's
certificate chain and that it names the URI's host:

- ``AMQP_SSL_CA_FILE``: the CA bundle (PEM) the broker's certificate must chain to;
  without it, the system's trusted CAs;
- ``AMQP_SSL_CERT_FILE`` and ``AMQP_SSL_KEY_FILE`` (together, optional): a client
  certificate, for a broker that asks for one.

A TLS file named beside a plain ``amqp://`` URI is refused (it would silently not be
used). ``check_broker_certificate`` connects once before a service starts: a
certificate its CA does not vouch for, or one for another host, stops the start-up
with a ``BrokerTlsError`` saying so, where nameko's consumer would retry for ever. A
broker that is merely away does not stop it (the service waits for it, as without TLS).
"""
from __future__ import annotations

import logging
import os
import ssl
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from kombu import Connection

log = logging.getLogger(__name__)

CA_FILE, CERT_FILE, KEY_FILE = "AMQP_SSL_CA_FILE", "AMQP_SSL_CERT_FILE", "AMQP_SSL_KEY_FILE"
NAMEKO_SSL = "AMQP_SSL"  # nameko's setting: kombu's ``ssl`` for its own connections


class BrokerTlsError(RuntimeError):
    """TLS to the broker cannot work as configured; waiting does not mend it."""


def ssl_options(settings: Mapping[str, Any]) -> dict[str, Any] | None:
    """kombu's ``ssl`` option for ``settings["AMQP_URI"]``; None for plain ``amqp://``."""
    uri = str(settings.get("AMQP_URI") or "")
    files = {name: str(settings.get(name) or "") for name in (CA_FILE, CERT_FILE, KEY_FILE)}
    if not uri.startswith("amqps://"):
        named = [name for name, path in files.items() if path]
        if named:
            raise BrokerTlsError(f"{', '.join(named)} set, but AMQP_URI is not amqps://: "
                                 "the connection would not use TLS")
        return None
    if bool(files[CERT_FILE]) != bool(files[KEY_FILE]):
        raise BrokerTlsError(f"{CERT_FILE} and {KEY_FILE} go together (a client certificate)")
    for name, path in files.items():
        if path and not os.path.isfile(path):
            raise BrokerTlsError(f"{name}={path}: no such file")
    options: dict[str, Any] = {"cert_reqs": ssl.CERT_REQUIRED,
                               "server_hostname": urlsplit(uri).hostname,
                               "tls_minimum_version": ssl.TLSVersion.TLSv1_2}
    if files[CA_FILE]:
        options["ca_certs"] = files[CA_FILE]
    if files[CERT_FILE]:
        options["certfile"], options["keyfile"] = files[CERT_FILE], files[KEY_FILE]
    return options


def broker_ssl(config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The ``ssl`` option of a service's connections: nameko's ``AMQP_SSL`` if given."""
    return config.get(NAMEKO_SSL) or ssl_options(config)


def with_broker_tls(config: Mapping[str, Any]) -> dict[str, Any]:
    """``config`` with nameko's ``AMQP_SSL`` set, so nameko's own connections verify too."""
    return {**config, NAMEKO_SSL: broker_ssl(config)}


def environment_ssl(amqp_uri: str) -> dict[str, Any] | None:
    """For command-line tools: the ``AMQP_SSL_*`` variables with the URI they were given."""
    return ssl_options({**os.environ, "AMQP_URI": amqp_uri})


def check_broker_certificate(amqp_uri: str, options: dict[str, Any] | None,
                             timeout: float = 10.0) -> None:
    """Connect once over TLS; raise ``BrokerTlsError`` if the broker's certificate is
    refused. Nothing to check without TLS; a broker that does not answer is only logged."""
    if not options:
        return
    where = f"{urlsplit(amqp_uri).hostname}:{urlsplit(amqp_uri).port or 5671}"
    try:
        with Connection(amqp_uri, ssl=dict(options), connect_timeout=timeout,
                        heartbeat=0) as connection:
            connection.connect()
    except Exception as exc:
        refused = _tls_failure(exc)
        if refused is None:
            log.warning("broker %s not reachable to check its certificate: %s", where, exc)
            return
        raise BrokerTlsError(
            f"TLS to the broker {where} failed: {refused}. Check that {CA_FILE} "
            f"({options.get('ca_certs') or 'the system CAs'}) holds the CA that signed the "
            f"broker's certificate, and that the certificate names "
            f"{options.get('server_hostname')}") from exc


def _tls_failure(exc: BaseException | None) -> ssl.SSLError | None:
    """The TLS error behind ``exc`` (kombu wraps it), if any."""
    while exc is not None:
        if isinstance(exc, ssl.SSLError):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None
