"""Commit a change, then die before the relay can publish its event (kill -9 style)."""
import eventlet

eventlet.monkey_patch()

import os  # noqa: E402
import sys  # noqa: E402

from kit_ledger import AddNote, bootstrap  # noqa: E402

app = bootstrap({"DATABASE_URL": sys.argv[1], "AMQP_URI": sys.argv[2]},
                on_commit=lambda: os._exit(9))
app.bus.handle(AddNote("survives the crash"))
