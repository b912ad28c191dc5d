"""Events published by identity on the exchange ``identity.events``.

Data classification (``CLASSIFICATION``): *public* facts about organisations, *personal*
data about people. No event ever carries a national identity number.
Agreement events exist in two versions while consumers move: v1 (closed schema, kept
for outside subscribers, deprecated) and v2 (text version, signatory, country). The
gates read v2 through ``agreement_change``.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, fields

from portal_contracts import read
from portal_contracts.agreements import AgreementChange

ORGANISATION_REGISTERED = "portal.identity.organisation.registered.v1"
ORGANISATION_REGISTERED_V2 = "portal.identity.organisation.registered.v2"
ORGANISATION_UPDATED = "portal.identity.organisation.updated.v1"
DPA_SIGNED = "portal.identity.dpa.signed.v1"
DPA_TERMINATED = "portal.identity.dpa.terminated.v1"
DPA_SIGNED_V2 = "portal.identity.dpa.signed.v2"
DPA_TERMINATED_V2 = "portal.identity.dpa.terminated.v2"
AGREEMENT_TEXT_PUBLISHED = "portal.identity.agreement_text.published.v1"
PERSON_PROFILE_CREATED = "portal.identity.person.profile_created.v1"
PERSON_REGISTERED = "portal.identity.person.registered.v1"
PERSON_CONTACT_CHANGED = "portal.identity.person.contact_changed.v1"
PERSON_INVITATION_ACCEPTED = "portal.identity.person.invitation_accepted.v1"
MEMBERSHIP_GRANTED = "portal.identity.membership.granted.v1"
MEMBERSHIP_WITHDRAWN = "portal.identity.membership.withdrawn.v1"

AGREEMENT_V2_TYPES = (DPA_SIGNED_V2, DPA_TERMINATED_V2)
KINDS = "operator | municipality | health_trust | region | practice | clinic | hospital | " \
        "department"


class _Public(Schema):
    CLASSIFICATION = "public"


class _Personal(Schema):
    CLASSIFICATION = "personal"


class OrganisationRegisteredV1(_Public):
    """The operator registered a municipality or region (only organisations with an
    organisation number and contact e-mail; v2 has every organisation)."""

    DEPRECATED_BY = ORGANISATION_REGISTERED_V2
    organisation_id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "municipality or region"})
    country = fields.String(required=True, metadata={"description": "NO or DK"})
    organisation_number = fields.String(required=True)
    contact_email = fields.Email(required=True)
    registered_at = fields.AwareDateTime(required=True)
    registered_by = fields.String(required=True)


class _OrganisationV2(_Public):
    organisation_id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": KINDS})
    country = fields.String(required=True, metadata={"description": "NO or DK"})
    organisation_number = fields.String(required=True, allow_none=True, metadata={
        "description": "Organisasjonsnummer or CVR, once known"})
    contact_email = fields.Email(required=True, allow_none=True)
    code = fields.String(required=True, allow_none=True, metadata={
        "description": "Official code: kommunenummer, region code, health trust code"})
    agreement_holder_id = fields.String(required=True, allow_none=True, metadata={
        "description": "A place of training's agreement holder (null for a holder)"})


class OrganisationRegisteredV2(_OrganisationV2):
    """An organisation became known: an agreement holder, the operator or a place of
    training under its agreement holder."""

    registered_at = fields.AwareDateTime(required=True)
    registered_by = fields.String(required=True)


class OrganisationUpdatedV1(_OrganisationV2):
    """An organisation's number or contact e-mail was added or corrected."""

    updated_at = fields.AwareDateTime(required=True)
    updated_by = fields.String(required=True)


class _AgreementV1(_Public):
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

    DEPRECATED_BY = DPA_SIGNED_V2
    signatory_name = fields.String(required=True)
    signed_at = fields.AwareDateTime(required=True)


class DpaTerminatedV1(_AgreementV1):
    """Either party ended the agreement: the portal may no longer be used there."""

    DEPRECATED_BY = DPA_TERMINATED_V2
    terminated_by_party = fields.String(required=True, metadata={
        "description": "operator or organisation"})
    reason = fields.String(required=True)
    terminated_at = fields.AwareDateTime(required=True)


class _AgreementV2(_AgreementV1):
    country = fields.String(required=True, metadata={"description": "NO or DK"})
    text_version = fields.Integer(required=True, allow_none=True, metadata={
        "description": "The version of the agreement text signed"})


class DpaSignedV2(_AgreementV2):
    """The agreement came into force on a text version, signed with eID by a designated
    signatory or recorded from paper by the operator. Places of training under this
    holder may be used from now on."""

    signatory_name = fields.String(required=True)
    signatory_person_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The signatory's opaque person id (null for a paper signature)"})
    signature_method = fields.String(required=True, metadata={"description": "eid or paper"})
    signed_at = fields.AwareDateTime(required=True)


class DpaTerminatedV2(_AgreementV2):
    """Either party ended the agreement: the portal may no longer be used there, nor at
    its places of training."""

    terminated_by_party = fields.String(required=True, metadata={
        "description": "operator or organisation"})
    reason = fields.String(required=True)
    terminated_at = fields.AwareDateTime(required=True)


class AgreementTextPublishedV1(_Public):
    """The operator published a new version of the agreement text."""

    version = fields.Integer(required=True)
    title = fields.String(required=True)
    published_at = fields.AwareDateTime(required=True)
    published_by = fields.String(required=True)


class PersonProfileCreatedV1(_Personal):
    """An administrator created a person's profile (they register into it at first login)."""

    person_id = fields.String(required=True)
    organisation_id = fields.String(required=True, allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    created_by = fields.String(required=True)


class PersonRegisteredV1(_Personal):
    """A person completed registration and may use the portal."""

    person_id = fields.String(required=True)
    given_name = fields.String(required=True)
    family_name = fields.String(required=True)
    email = fields.Email(required=True)
    mobile = fields.String(required=True, allow_none=True)
    language = fields.String(required=True, metadata={"description": "nb, da or en"})
    country = fields.String(required=True)
    hpr_number = fields.String(required=True, allow_none=True)
    authorisation_id = fields.String(required=True, allow_none=True, metadata={
        "description": "Danish authorisation id (autorisations-id)"})
    registered_at = fields.AwareDateTime(required=True)


class PersonContactChangedV1(_Personal):
    """A person changed their contact data or preferences."""

    person_id = fields.String(required=True)
    email = fields.Email(required=True, allow_none=True)
    mobile = fields.String(required=True, allow_none=True)
    language = fields.String(required=True)
    time_zone = fields.String(required=True)
    changed_at = fields.AwareDateTime(required=True)


class PersonInvitationAcceptedV1(_Personal):
    """A person logged in through an invitation's registration ticket: invitations binds
    the invitation to them (or refuses with its own event)."""

    person_id = fields.String(required=True)
    invitation_id = fields.String(required=True)
    trainee_id = fields.String(required=True)
    role = fields.String(required=True)
    organisation_id = fields.String(required=True)
    accepted_at = fields.AwareDateTime(required=True)


class _MembershipV1(_Personal):
    person_id = fields.String(required=True)
    organisation_id = fields.String(required=True)
    agreement_holder_id = fields.String(required=True)
    role = fields.String(required=True, metadata={
        "description": "region_admin | municipality_admin | health_trust_admin | tutor | "
                       "signatory"})


class MembershipGrantedV1(_MembershipV1):
    """A person was given an administrative membership (e.g. tutor of a practice)."""

    granted_at = fields.AwareDateTime(required=True)
    granted_by = fields.String(required=True)


class MembershipWithdrawnV1(_MembershipV1):
    """A person's administrative membership was withdrawn."""

    withdrawn_at = fields.AwareDateTime(required=True)
    withdrawn_by = fields.String(required=True)


def agreement_change(event: dict[str, Any]) -> AgreementChange:
    """What a dpa.signed or dpa.terminated event (v1 or v2) says about the agreement."""
    signed = event["type"] in (DPA_SIGNED, DPA_SIGNED_V2)
    schemas = {DPA_SIGNED: DpaSignedV1, DPA_TERMINATED: DpaTerminatedV1,
               DPA_SIGNED_V2: DpaSignedV2, DPA_TERMINATED_V2: DpaTerminatedV2}
    data = read(schemas[event["type"]], event,
                only=("organisation_id", "organisation_name", "agreement_version"))
    return AgreementChange(data["organisation_id"], data["organisation_name"],
                           data["agreement_version"], signed,
                           datetime.fromisoformat(event["time"]))
