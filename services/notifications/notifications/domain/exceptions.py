from portal_kit.errors import Conflict, Forbidden, Invalid, NotFound


class DeliveryStateConflict(Conflict):
    """A delivery was asked to move where its state does not allow (e.g. sent twice)."""

    code = "delivery_state_conflict"


class DeliveryNotFound(NotFound):
    code = "delivery_not_found"


class NotYourNotifications(Forbidden):
    """Only the person, administrators of the organisation concerned and the operator read them."""

    code = "not_allowed"


class InvalidUnsubscribeLink(Invalid):
    code = "invalid_unsubscribe_link"


class UnknownUnsubscribeLink(NotFound):
    """A link that is not one of ours (forged, mangled, or of a delivery no longer kept):
    nothing to unsubscribe from, as far as the JSON API is concerned."""

    code = "invalid_unsubscribe_link"


class UnknownChoice(Invalid):
    code = "unknown_choice"


class NotDelivered(Exception):
    """The server or gateway did not take the message; it will be tried again."""

    permanent = False

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class DeliveryRefused(NotDelivered):
    """The message can never be delivered as it is (bad address, refused recipient)."""

    permanent = True


class TemplateFailed(Exception):
    """A template could not be filled in (a variable missing, an unknown template)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail
