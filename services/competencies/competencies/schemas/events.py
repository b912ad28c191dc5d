"""Events competencies publishes (none yet) and the parts of others' events it reads.

Incoming data is loaded leniently (unknown fields excluded) so that a
producer may add fields without breaking this consumer.
"""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields

from portal_kit.events import EventSpec

DPA_SIGNED = "portal.identity.dpa.signed.v1"
DPA_TERMINATED = "portal.identity.dpa.terminated.v1"

EVENT_SPECS: dict[type, EventSpec] = {}


class AgreementChangedIn(Schema):
    class Meta:
        unknown = EXCLUDE

    organisation_id = fields.String(required=True)
    organisation_name = fields.String(required=True)
    agreement_version = fields.Integer(required=True)
