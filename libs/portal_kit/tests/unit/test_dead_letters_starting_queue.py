"""Reading dead letters while a quorum queue starts (its get answers noproc)."""
import pytest
from amqp.exceptions import InternalError

from portal_kit.dead_letters import while_the_queue_starts

NOPROC = "Basic.get: (541) INTERNAL_ERROR - Cannot get a message from queue: noproc"


def test_a_get_refused_with_noproc_while_the_queue_starts_is_asked_again():
    answers = [InternalError(NOPROC), InternalError(NOPROC), ["the dead letter"]]

    def attempt():
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert while_the_queue_starts(attempt) == ["the dead letter"]


def test_any_other_internal_error_is_not_asked_again():
    calls = []

    def attempt():
        calls.append(1)
        raise InternalError("INTERNAL_ERROR - something else")

    with pytest.raises(InternalError):
        while_the_queue_starts(attempt)
    assert calls == [1]


def test_a_queue_that_never_starts_is_given_up_on():
    def attempt():
        raise InternalError(NOPROC)

    with pytest.raises(InternalError):
        while_the_queue_starts(attempt, seconds=0.3)
