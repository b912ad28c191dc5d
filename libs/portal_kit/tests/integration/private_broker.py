"""A private RabbitMQ node that speaks TLS only, and the certificates it and its clients use.

The node runs from the machine's RabbitMQ installation with everything of its own: node
name, ports, data and log folders, configuration, Erlang cookie (its own ``HOME``) and no
plugins, so the shared broker on 5672 is never touched. Certificates are made here with
``cryptography``: a CA, the broker's certificate for ``localhost``, a client certificate,
and an impostor CA that signed nothing the broker shows.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from portal_kit.testing_infra import wait_for

RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin")
CLIENT_NAME = "ledger-client"


@dataclass(frozen=True)
class Certificates:
    ca: Path
    impostor_ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _issue(subject: str, key: ec.EllipticCurvePrivateKey, issuer: str,
           issuer_key: ec.EllipticCurvePrivateKey, *, ca: bool = False,
           dns: str | None = None, usage: x509.ObjectIdentifier | None = None
           ) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - timedelta(minutes=5))
               .not_valid_after(now + timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if dns:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(dns)]),
                                        critical=False)
    if usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _write(folder: Path, name: str, cert: x509.Certificate,
           key: ec.EllipticCurvePrivateKey) -> tuple[Path, Path]:
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def make_certificates(folder: Path) -> Certificates:
    keys = {name: ec.generate_private_key(ec.SECP256R1())
            for name in ("ca", "impostor", "server", "client")}
    ca = _issue("portal test CA", keys["ca"], "portal test CA", keys["ca"], ca=True)
    impostor = _issue("impostor CA", keys["impostor"], "impostor CA", keys["impostor"],
                      ca=True)
    server = _issue("localhost", keys["server"], "portal test CA", keys["ca"],
                    dns="localhost", usage=ExtendedKeyUsageOID.SERVER_AUTH)
    client = _issue(CLIENT_NAME, keys["client"], "portal test CA", keys["ca"],
                    usage=ExtendedKeyUsageOID.CLIENT_AUTH)
    ca_path, _ = _write(folder, "ca", ca, keys["ca"])
    impostor_path, _ = _write(folder, "impostor-ca", impostor, keys["impostor"])
    server_cert, server_key = _write(folder, "server", server, keys["server"])
    client_cert, client_key = _write(folder, "client", client, keys["client"])
    return Certificates(ca_path, impostor_path, server_cert, server_key, client_cert,
                        client_key)


class PrivateTlsBroker:
    """``start()`` a TLS-only node on ``port`` (``localhost``); ``stop()`` stops only it."""

    def __init__(self, folder: Path, certificates: Certificates, port: int,
                 dist_port: int) -> None:
        self.folder = folder
        self.certificates = certificates
        self.port = port
        self.node = f"tls-{uuid.uuid4().hex[:8]}@localhost"
        self.env = dict(
            os.environ, HOME=str(folder), RABBITMQ_NODENAME=self.node,
            RABBITMQ_NODE_PORT=str(port), RABBITMQ_DIST_PORT=str(dist_port),
            RABBITMQ_MNESIA_BASE=str(folder / "mnesia"), RABBITMQ_LOG_BASE=str(folder / "log"),
            RABBITMQ_CONFIG_FILE=str(folder / "rabbitmq.conf"),
            RABBITMQ_ENABLED_PLUGINS_FILE=str(folder / "enabled_plugins"),
            RABBITMQ_CONF_ENV_FILE=str(folder / "rabbitmq-env.conf"),
            ERL_EPMD_ADDRESS="127.0.0.1")

    def uri(self, host: str = "localhost") -> str:
        return f"amqps://guest:guest@{host}:{self.port}/"

    def start(self) -> None:
        c = self.certificates
        (self.folder / "rabbitmq.conf").write_text(
            "listeners.tcp = none\n"
            f"listeners.ssl.default = 127.0.0.1:{self.port}\n"
            f"ssl_options.cacertfile = {c.ca}\n"
            f"ssl_options.certfile = {c.server_cert}\n"
            f"ssl_options.keyfile = {c.server_key}\n"
            "ssl_options.verify = verify_peer\n"
            "ssl_options.fail_if_no_peer_cert = false\n")
        (self.folder / "enabled_plugins").write_text("[].\n")
        (self.folder / "rabbitmq-env.conf").write_text("")
        subprocess.run([str(RABBITMQ_BIN / "rabbitmq-server"), "-detached"], env=self.env,
                       check=True, capture_output=True, timeout=60)
        wait_for(self._started, timeout=180, interval=1)

    def _started(self) -> bool:
        return self.ctl("await_startup", "--timeout", "5", check=False).returncode == 0

    def ctl(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(RABBITMQ_BIN / "rabbitmqctl"), "-n", self.node, *arguments],
                              env=self.env, check=check, capture_output=True, text=True,
                              timeout=120)

    def connections(self) -> list[dict[str, str]]:
        """The client connections: their user and the subject of the certificate they showed."""
        listed = self.ctl("list_connections", "user", "ssl", "peer_cert_subject", "-q",
                          "--no-table-headers").stdout
        return [dict(zip(("user", "ssl", "peer_cert_subject"), line.split("\t"), strict=False))
                for line in listed.splitlines() if line.strip()]

    def log(self) -> str:
        found = sorted((self.folder / "log").glob("*.log"))
        return "\n".join(path.read_text(errors="replace")[-4000:] for path in found)

    def stop(self) -> None:
        self.ctl("stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def available() -> str | None:
    """Why a private node cannot run here, or None."""
    if not (RABBITMQ_BIN / "rabbitmq-server").exists():
        return f"no RabbitMQ installation at {RABBITMQ_BIN}"
    return None
