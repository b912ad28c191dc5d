from notifications.entrypoints.service import NotificationsService
from portal_contracts import notification_commands as nc
from portal_kit.topology import consumer_queues


def test_commands_are_consumed_from_the_private_exchange_of_invitations():
    queues = {q.name: q for q in consumer_queues(NotificationsService, "memory://")}
    queue = queues[f"cmd-invitations-{nc.SEND_INVITATION}--notifications.on_send_invitation"]
    assert (queue.exchange.name, queue.exchange.type, queue.routing_key) == (
        "invitations.commands", "topic", nc.SEND_INVITATION)
    assert queue.durable and not queue.auto_delete


def test_no_command_is_bound_to_a_public_events_exchange():
    public = [q for q in consumer_queues(NotificationsService, "memory://")
              if q.exchange is not None and q.exchange.name == "invitations.events"]
    assert public == []
