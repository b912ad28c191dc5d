"""Identity's published events: a versioned public contract.

Each domain event maps to one CloudEvent ``type`` and the marshmallow schema of
its ``data``; a breaking change gets a new type version, never an edit here.
"""
from __future__ import annotations

from marshmallow import Schema, fields

from identity.domain import events
from portal_kit.events import EventSpec


class OrganisationRegisteredV1(Schema):
    organisation_id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "municipality or region"})
    country = fields.String(required=True)
    organisation_number = fields.String(required=True)
    contact_email = fields.Email(required=True)
    registered_at = fields.AwareDateTime(required=True)
    registered_by = fields.String(required=True)


class DpaSignedV1(Schema):
    organisation_id = fields.String(required=True)
    organisation_name = fields.String(required=True)
    kind = fields.String(required=True)
    contact_email = fields.Email(required=True)
    agreement_version = fields.Integer(required=True)
    signatory_name = fields.String(required=True)
    signed_at = fields.AwareDateTime(required=True)
    recorded_by = fields.String(required=True)


class DpaTerminatedV1(Schema):
    organisation_id = fields.String(required=True)
    organisation_name = fields.String(required=True)
    kind = fields.String(required=True)
    contact_email = fields.Email(required=True)
    agreement_version = fields.Integer(required=True)
    terminated_by_party = fields.String(required=True,
                                        metadata={"description": "operator or organisation"})
    reason = fields.String(required=True)
    terminated_at = fields.AwareDateTime(required=True)
    recorded_by = fields.String(required=True)


def _organisation(event: object) -> str:
    return f"organisations/{event.organisation_id}"


ORGANISATION_REGISTERED = "portal.identity.organisation.registered.v1"
DPA_SIGNED = "portal.identity.dpa.signed.v1"
DPA_TERMINATED = "portal.identity.dpa.terminated.v1"

EVENT_SPECS = {
    events.OrganisationRegistered: EventSpec(ORGANISATION_REGISTERED,
                                             OrganisationRegisteredV1(), _organisation),
    events.DpaSigned: EventSpec(DPA_SIGNED, DpaSignedV1(), _organisation),
    events.DpaTerminated: EventSpec(DPA_TERMINATED, DpaTerminatedV1(), _organisation),
}
