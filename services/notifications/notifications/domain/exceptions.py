from portal_kit.errors import Conflict, Unavailable


class DeliveryStateConflict(Conflict):
    """A delivery was asked to move where its state does not allow (e.g. sent twice)."""

    code = "delivery_state_conflict"


class MailNotSent(Unavailable):
    """The mail server did not accept the mail; the delivery will be tried again."""

    code = "mail_not_sent"
