"""Events published by identity on the exchange ``identity.events``."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, fields

from portal_contracts import read
from portal_contracts.agreements import AgreementChange

ORGANISATION_REGISTERED = "portal.identity.organisation.registered.v1"
DPA_SIGNED = "portal.identity.dpa.signed.v1"
DPA_TERMINATED = "portal.identity.dpa.terminated.v1"


class OrganisationRegisteredV1(Schema):
    """The operator registered a municipality or region."""

    organisation_id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "municipality or region"})
    country = fields.String(required=True, metadata={"description": "NO or DK"})
    organisation_number = fields.String(required=True)
    contact_email = fields.Email(required=True)
    registered_at = fields.AwareDateTime(required=True)
    registered_by = fields.String(required=True)


class _AgreementV1(Schema):
    organisation_id = fields.String(required=True)
    organisation_name = fields.String(required=True)
    kind = fields.String(required=True)
    contact_email = fields.Email(required=True)
    agreement_version = fields.Integer(required=True, metadata={
        "description": "Counts the organisation's agreements: re-signing after termination "
                       "is a new version"})
    recorded_by = fields.String(required=True)


class DpaSignedV1(_AgreementV1):
    """The data-processing agreement (databehandleravtale) came into force: the
    portal may be used at this organisation from now on."""

    signatory_name = fields.String(required=True)
    signed_at = fields.AwareDateTime(required=True)


class DpaTerminatedV1(_AgreementV1):
    """Either party ended the agreement: the portal may no longer be used there."""

    terminated_by_party = fields.String(required=True, metadata={
        "description": "operator or organisation"})
    reason = fields.String(required=True)
    terminated_at = fields.AwareDateTime(required=True)


def agreement_change(event: dict[str, Any]) -> AgreementChange:
    """What a dpa.signed or dpa.terminated event says about the agreement."""
    signed = event["type"] == DPA_SIGNED
    data = read(DpaSignedV1 if signed else DpaTerminatedV1, event,
                only=("organisation_id", "organisation_name", "agreement_version"))
    return AgreementChange(data["organisation_id"], data["organisation_name"],
                           data["agreement_version"], signed,
                           datetime.fromisoformat(event["time"]))
