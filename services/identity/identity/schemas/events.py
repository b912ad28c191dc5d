"""Identity's published events: each domain event, its CloudEvent type and data schema.

The types and schemas themselves are the public contract in ``portal_contracts.identity``.
While consumers move to v2, a fact with a deprecated v1 form is published twice: the
unit of work adds the v1 companion (``companions``) right after the v2 event.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from identity.domain import events
from portal_contracts import identity as contract
from portal_kit.events import EventSpec


class OrganisationRegisteredAsV1(events.OrganisationRegistered):
    """The v1 form of ``OrganisationRegistered`` (deprecated)."""


class DpaSignedAsV1(events.DpaSigned):
    """The v1 form of ``DpaSigned`` (deprecated)."""


class DpaTerminatedAsV1(events.DpaTerminated):
    """The v1 form of ``DpaTerminated`` (deprecated)."""


def _organisation(event: Any) -> str:
    return f"organisations/{event.organisation_id}"


def _person(event: Any) -> str:
    return f"people/{event.person_id}"


def _text(event: Any) -> str:
    return f"agreement-texts/{event.version}"


EVENT_SPECS = {
    OrganisationRegisteredAsV1: EventSpec(contract.ORGANISATION_REGISTERED,
                                          contract.OrganisationRegisteredV1(), _organisation),
    DpaSignedAsV1: EventSpec(contract.DPA_SIGNED, contract.DpaSignedV1(), _organisation),
    DpaTerminatedAsV1: EventSpec(contract.DPA_TERMINATED, contract.DpaTerminatedV1(),
                                 _organisation),
    events.OrganisationRegistered: EventSpec(contract.ORGANISATION_REGISTERED_V2,
                                             contract.OrganisationRegisteredV2(),
                                             _organisation),
    events.OrganisationUpdated: EventSpec(contract.ORGANISATION_UPDATED,
                                          contract.OrganisationUpdatedV1(), _organisation),
    events.DpaSigned: EventSpec(contract.DPA_SIGNED_V2, contract.DpaSignedV2(), _organisation),
    events.DpaTerminated: EventSpec(contract.DPA_TERMINATED_V2, contract.DpaTerminatedV2(),
                                    _organisation),
    events.AgreementTextPublished: EventSpec(contract.AGREEMENT_TEXT_PUBLISHED,
                                             contract.AgreementTextPublishedV1(), _text),
    events.PersonProfileCreated: EventSpec(contract.PERSON_PROFILE_CREATED,
                                           contract.PersonProfileCreatedV1(), _person),
    events.PersonRegistered: EventSpec(contract.PERSON_REGISTERED,
                                       contract.PersonRegisteredV1(), _person),
    events.PersonContactChanged: EventSpec(contract.PERSON_CONTACT_CHANGED,
                                           contract.PersonContactChangedV1(), _person),
    events.InvitationAccepted: EventSpec(contract.PERSON_INVITATION_ACCEPTED,
                                         contract.PersonInvitationAcceptedV1(), _person),
    events.MembershipGranted: EventSpec(contract.MEMBERSHIP_GRANTED,
                                        contract.MembershipGrantedV1(), _person),
    events.MembershipWithdrawn: EventSpec(contract.MEMBERSHIP_WITHDRAWN,
                                          contract.MembershipWithdrawnV1(), _person),
}


def companions(event: Any) -> Iterator[Any]:
    """The deprecated v1 form of an event, when it has one (and it can be expressed)."""
    if type(event) is events.OrganisationRegistered and \
            event.organisation_number and event.contact_email and \
            event.kind in ("municipality", "region"):
        yield OrganisationRegisteredAsV1(**_fields(event))
    elif type(event) is events.DpaSigned:
        yield DpaSignedAsV1(**_fields(event))
    elif type(event) is events.DpaTerminated:
        yield DpaTerminatedAsV1(**_fields(event))


def _fields(event: Any) -> dict[str, Any]:
    return {f.name: getattr(event, f.name) for f in dataclasses.fields(event)}
