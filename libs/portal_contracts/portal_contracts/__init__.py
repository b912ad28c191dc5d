"""The published event contracts, shared by the producing and the consuming services.

A service never imports another service's code; what they share is this: each
event's ``type`` and the marshmallow schema of its ``data`` (a versioned public
contract: a breaking change is a new ``.vN`` type, never an edit), plus small
pure helpers for consumers that keep a projection of another service's state.
Producers dump with these schemas; consumers load leniently (unknown fields
excluded) so a producer may add fields without breaking anyone.
"""
from collections.abc import Sequence
from typing import Any

from marshmallow import EXCLUDE, Schema


def read(schema: type[Schema], event: dict[str, Any],
         only: Sequence[str] | None = None) -> dict[str, Any]:
    """The event's data, loaded with its contract schema as a tolerant reader.

    Fields the schema does not know are dropped; with ``only``, the consumer
    requires and reads just the fields it uses.
    """
    return schema(only=only, unknown=EXCLUDE).load(event["data"])
