"""Notifications' entrypoints: identity's events in, e-mail and SMS out, the log on HTTP,
and the one-click unsubscribe link (RFC 8058) that needs no login."""
from __future__ import annotations

from typing import Any

from nameko.timer import Timer
from werkzeug.wrappers import Request, Response

from notifications import config as settings
from notifications.bootstrap import bootstrap
from notifications.domain import commands
from notifications.domain.exceptions import InvalidUnsubscribeLink
from notifications.schemas import http as schemas
from notifications.schemas.commands import COMMAND_SPECS
from notifications.schemas.events import EVENT_SPECS
from notifications.service_layer import approvals, views
from portal_contracts import notification_commands as nc
from portal_contracts import signoff
from portal_contracts.documents import DOCUMENT_CONFIRMED, DOCUMENT_REJECTED, DOCUMENT_UPLOADED
from portal_contracts.identity import (
    DPA_SIGNED_V2,
    DPA_TERMINATED_V2,
    PERSON_CONTACT_CHANGED,
    PERSON_REGISTERED,
)
from portal_kit.http import api, load_body, load_query
from portal_kit.messaging import command_handler, event_handler
from portal_kit.platform import platform_endpoints
from portal_kit.runtime import Runtime

V1 = "/api/notifications/v1"
DELIVERIES = schemas.DeliveryOut(many=True)
DELIVERY = schemas.DeliveryOut()
NOTIFICATIONS = schemas.NotificationOut(many=True)
PREFERENCES = schemas.Preferences()
UNSUBSCRIBE_LINK = schemas.UnsubscribeLinkOut()
HTML = "text/html; charset=utf-8"


class SweepTimer(Timer):
    """A nameko timer whose interval is read from the config (``MAIL_SWEEP_SECONDS``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(interval=5.0, **kwargs)

    def setup(self) -> None:
        self.interval = settings.sweep_seconds(self.container.config)


SCHEMAS = {**EVENT_SPECS, **COMMAND_SPECS}


class DigestTimer(Timer):
    """How often due digests are looked for (``DIGEST_SWEEP_SECONDS``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(interval=60.0, **kwargs)

    def setup(self) -> None:
        self.interval = settings.digest_sweep_seconds(self.container.config)


class NotificationsService(platform_endpoints("notifications", SCHEMAS)):  # type: ignore[misc]
    name = "notifications"
    runtime = Runtime(bootstrap)

    @event_handler("identity", DPA_SIGNED_V2)
    def on_dpa_signed(self, event: dict[str, Any]) -> None:
        """Tell the organisation's contact and the signatory, then send."""
        self._handle(event)

    @event_handler("identity", DPA_TERMINATED_V2)
    def on_dpa_terminated(self, event: dict[str, Any]) -> None:
        """Tell the organisation's contact and the agreement's signatory, then send."""
        self._handle(event)

    @event_handler("identity", PERSON_REGISTERED)
    def on_person_registered(self, event: dict[str, Any]) -> None:
        """Keep the person's contact data and welcome them."""
        self._handle(event)

    @event_handler("identity", PERSON_CONTACT_CHANGED)
    def on_contact_changed(self, event: dict[str, Any]) -> None:
        """Keep the person's new contact data, language and time zone."""
        self.runtime.handle_event(event)

    @event_handler("documents", DOCUMENT_UPLOADED)
    def on_document_uploaded(self, event: dict[str, Any]) -> None:
        """Tell those entitled to confirm an uploaded document that it awaits them (at once,
        or in their daily digest)."""
        self._handle(event)

    @event_handler("documents", DOCUMENT_CONFIRMED)
    def on_document_confirmed(self, event: dict[str, Any]) -> None:
        """Tell the trainee that their uploaded document was confirmed as correct."""
        self._handle(event)

    @event_handler("documents", DOCUMENT_REJECTED)
    def on_document_rejected(self, event: dict[str, Any]) -> None:
        """Tell the trainee that their uploaded document was rejected, and why."""
        self._handle(event)

    @command_handler("invitations", nc.SEND_INVITATION)
    def on_send_invitation(self, command: dict[str, Any]) -> None:
        """Send the invitation with its link (e-mail; SMS too when a mobile is given)."""
        self._handle(command)

    @command_handler("invitations", nc.SEND_INVITATION_REMINDER)
    def on_send_invitation_reminder(self, command: dict[str, Any]) -> None:
        """Remind the invitee before the invitation expires."""
        self._handle(command)

    @command_handler("invitations", nc.SEND_VEJLEDER_ACCESS)
    def on_send_vejleder_access(self, command: dict[str, Any]) -> None:
        """Tell a newly appointed vejleder of their access (e-mail; SMS with a mobile)."""
        self._handle(command)

    @event_handler("competencies", signoff.ITEM_SUBMITTED)
    def on_item_submitted(self, event: dict[str, Any]) -> None:
        """An item was marked ready for approval: tell the approver (now or in the digest)."""
        self._handle(event)

    @event_handler("competencies", signoff.ITEM_APPROVED)
    def on_item_approved(self, event: dict[str, Any]) -> None:
        """Tell the trainee their item was approved."""
        self._handle(event)

    @event_handler("competencies", signoff.ITEM_RETURNED)
    def on_item_returned(self, event: dict[str, Any]) -> None:
        """Tell the trainee their item was returned, with the approver's comment."""
        self._handle(event)

    @event_handler("competencies", signoff.ATTESTATION_APPROVED)
    def on_attestation_approved(self, event: dict[str, Any]) -> None:
        """Tell the trainee an attestation was given."""
        self._handle(event)

    def _handle(self, event: dict[str, Any]) -> None:
        self.runtime.handle_event(event)
        self.runtime.handle(commands.SendDue())

    @SweepTimer.decorator()
    def send_due(self) -> None:
        """Retry what failed before (back-off) and what a crashed worker left behind."""
        self.runtime.handle(commands.SendDue())

    @DigestTimer.decorator()
    def send_digests(self) -> None:
        """Queue the daily digests whose hour has come (each once per person and day)."""
        if self.runtime.handle(commands.SendDigests()):
            self.runtime.handle(commands.SendDue())

    @api("GET", f"{V1}/people/me/preferences", auth="bearer", response=PREFERENCES,
         summary="My notification settings: per category immediate, daily_digest or off",
         tags=("preferences",))
    def preferences(self, request: Request) -> dict:
        principal = self.runtime.authenticate(request)
        return PREFERENCES.dump(self.runtime.query(approvals.preferences_of,
                                                   person_id=principal.subject))

    @api("PUT", f"{V1}/people/me/preferences", auth="bearer", request=PREFERENCES,
         response=PREFERENCES, tags=("preferences",),
         summary="Change my notification settings (invitations and security messages are "
                 "always sent at once)")
    def choose_preferences(self, request: Request) -> dict:
        principal = self.runtime.authenticate(request)
        choices = load_body(request, PREFERENCES)
        return PREFERENCES.dump(self.runtime.handle(
            commands.ChoosePreferences(principal.subject, choices)))

    @api("GET", f"{V1}/deliveries", summary="The delivery log, newest first (at most 100)",
         auth="operator", query=schemas.DeliveriesQuery(), response=DELIVERIES,
         tags=("deliveries",))
    def deliveries(self, request: Request) -> list:
        self.runtime.authenticate(request, role="operator")
        query = load_query(request, schemas.DeliveriesQuery())
        return DELIVERIES.dump(self.runtime.query(views.deliveries, **query))

    @api("GET", f"{V1}/people/<person_id>/notifications", auth="bearer",
         summary="A person's notifications and their delivery state, newest first (at most "
                 "100): the person themselves (or 'me'), administrators of the organisation a "
                 "message concerns, the operator", response=NOTIFICATIONS,
         tags=("notifications",), responses={403: "Not the person, an administrator or the "
                                                  "operator"})
    def notifications(self, request: Request, person_id: str) -> list:
        principal = self.runtime.authenticate(request)
        return NOTIFICATIONS.dump(self.runtime.query(views.notifications_of,
                                                     principal=principal, person_id=person_id))

    @api("GET", f"{V1}/organisations/<organisation_id>/failed-deliveries", auth="bearer",
         summary="Messages concerning the organisation that could not be delivered (failed "
                 "for good or dead-lettered), newest first: its administrators, the operator",
         response=DELIVERIES, tags=("deliveries",),
         responses={403: "Not an administrator of the organisation"})
    def failed_deliveries(self, request: Request, organisation_id: str) -> list:
        principal = self.runtime.authenticate(request)
        return DELIVERIES.dump(self.runtime.query(
            views.failed_deliveries, principal=principal, organisation_id=organisation_id))

    @api("POST", f"{V1}/deliveries/<delivery_id>/retry", auth="bearer", response=DELIVERY,
         summary="Queue a dead-lettered delivery again for another round of attempts",
         tags=("deliveries",), responses={403: "Not an administrator of its organisation",
                                          404: "No such delivery",
                                          409: "The delivery is not dead-lettered"})
    def retry_delivery(self, request: Request, delivery_id: str) -> dict:
        principal = self.runtime.authenticate(request)
        delivery = self.runtime.handle(commands.RetryDelivery(delivery_id, principal))
        self.runtime.handle(commands.SendDue())
        return DELIVERY.dump(delivery)

    @api("GET", f"{V1}/unsubscribe/<token>", tags=("unsubscribe",), media_type="text/html",
         summary="The page behind an unsubscribe link: asks to confirm (HTML, no login); "
                 "opening it changes nothing", responses={404: "Not a valid link"})
    def unsubscribe_page(self, request: Request, token: str) -> Response:
        try:
            answer = self.runtime.query(views.unsubscribe_link, links=self._links, token=token)
        except InvalidUnsubscribeLink:
            return self._page({"invalid": True}, "en", 404)
        return self._page({"mandatory": answer.mandatory}, answer.language)

    @api("POST", f"{V1}/unsubscribe/<token>", tags=("unsubscribe",), media_type="text/html",
         summary="One-click unsubscribe (RFC 8058: POST List-Unsubscribe=One-Click; no login)",
         responses={404: "Not a valid link"})
    def unsubscribe(self, request: Request, token: str) -> Response:
        try:
            answer = self.runtime.handle(commands.Unsubscribe(token))
        except InvalidUnsubscribeLink:
            return self._page({"invalid": True}, "en", 404)
        return self._page({"done": not answer.mandatory, "mandatory": answer.mandatory},
                          answer.language)

    @api("GET", f"{V1}/unsubscribe-links/<token>", tags=("unsubscribe",),
         response=UNSUBSCRIBE_LINK, responses={422: "Not a valid link"},
         summary="What an unsubscribe link is for, for the portal's own page (no login); "
                 "reading it changes nothing")
    def unsubscribe_link(self, request: Request, token: str) -> dict:
        return UNSUBSCRIBE_LINK.dump(self.runtime.query(views.unsubscribe_link,
                                                        links=self._links, token=token))

    @api("POST", f"{V1}/unsubscribe-links/<token>", tags=("unsubscribe",),
         response=UNSUBSCRIBE_LINK, responses={422: "Not a valid link"},
         summary="Stop the kind of message the link came with (the portal's page posts this "
                 "when the person confirms; no login; a mandatory kind changes nothing)")
    def unsubscribe_by_link(self, request: Request, token: str) -> dict:
        return UNSUBSCRIBE_LINK.dump(self.runtime.handle(commands.Unsubscribe(token)))

    @property
    def _links(self) -> Any:
        return self.runtime.extras["links"]

    def _page(self, values: dict[str, Any], language: str, status: int = 200) -> Response:
        renderer = self.runtime.extras["renderer"]
        flags = dict({"invalid": False, "done": False, "mandatory": False}, **values)
        return Response(renderer.page("unsubscribe", language, flags), status=status,
                        content_type=HTML)
