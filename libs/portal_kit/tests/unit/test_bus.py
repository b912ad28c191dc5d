from portal_kit.bus import MessageBus


class Greet:
    def __init__(self, name):
        self.name = name


def greet(command, uow, clock):
    return f"{clock} greets {command.name} in {uow}"


def test_commands_reach_their_handler_with_a_fresh_unit_of_work_and_injected_dependencies():
    bus = MessageBus(lambda: "uow", {Greet: greet}, {}, {"clock": "the clock", "unused": 1})
    assert bus.handle(Greet("Kari")) == "the clock greets Kari in uow"


def test_an_event_reaches_every_handler_subscribed_to_its_type():
    seen = []
    bus = MessageBus(lambda: "uow", {}, {"t.v1": [lambda e, uow: seen.append(1),
                                                  lambda e, uow: seen.append(2)]})
    bus.handle_event({"type": "t.v1"})
    bus.handle_event({"type": "other.v1"})
    assert seen == [1, 2]
