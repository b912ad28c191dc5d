"""What ``create_app`` wires, reachable from any request: ``parts().store`` and so on."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.engine import Engine

from web.api import Services
from web.config import Settings
from web.oidc import IdentityClient
from web.store import LoginTransactions, SessionStore, TokenCipher


@dataclass(frozen=True)
class Parts:
    settings: Settings
    engine: Engine
    store: SessionStore
    logins: LoginTransactions
    identity: IdentityClient
    services: Services
    cipher: TokenCipher


def parts() -> Parts:
    found: Parts = current_app.extensions["portal"]
    return found
