"""Tokens keep real time, whatever the development clock of the domain says."""
from datetime import UTC, datetime, timedelta

import jwt

from identity.adapters import orm
from identity.bootstrap import bootstrap
from portal_kit.clock import ShiftableClock, write_offset


def test_tokens_are_issued_on_real_time_while_the_domain_clock_is_shifted(tmp_path):
    write_offset(tmp_path / "clock-offset", timedelta(days=400))
    app = bootstrap({"DATABASE_URL": f"sqlite:///{tmp_path}/identity.db",
                     "AMQP_URI": "amqp://unused/", "PORTAL_ENV": "development",
                     "DATA_DIR": str(tmp_path)})
    orm.metadata.create_all(app.engine, tables=[orm.signing_keys])
    token, _ = app.extras["tokens"].issue("operator", ["operator"])
    issued_at = datetime.fromtimestamp(jwt.decode(token, options={"verify_signature": False})
                                       ["iat"], UTC)
    app.engine.dispose()
    assert abs(issued_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert isinstance(app.clock, ShiftableClock)
    assert app.clock.now() - datetime.now(UTC) > timedelta(days=399)
