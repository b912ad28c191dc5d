"""A LIS1 leader delegates approval to a named person for a period."""
from datetime import UTC, date, datetime

import pytest

from competencies.domain import signoff_events as events
from competencies.domain.permissions import Right
from competencies.domain.signoff_delegation import Delegation, delegated_rights
from competencies.domain.signoff_exceptions import DelegationEnded, DelegationInvalid
from portal_kit.errors import Conflict

NOW = datetime(2027, 7, 1, 8, 0, tzinfo=UTC)
LEADER_RIGHT = Right("ola", "leader", date(2027, 1, 1), date(2027, 12, 31))


def delegation(start=date(2027, 7, 1), end=date(2027, 7, 31)):
    return Delegation.grant("d1", "ola", "siri", "bergen", start, end, NOW)


def test_a_delegation_is_granted_with_an_event_for_documents_and_notifications():
    [event] = delegation().events
    assert isinstance(event, events.DelegationGranted)
    assert (event.leader_id, event.delegate_id) == ("ola", "siri")


def test_the_delegate_approves_on_the_leaders_behalf_inside_the_period():
    [right] = delegated_rights([LEADER_RIGHT], [delegation()])
    assert (right.person_id, right.role, right.on_behalf_of) == ("siri", "delegate", "ola")
    assert right.covers(date(2027, 7, 15)) and not right.covers(date(2027, 8, 1))


def test_the_delegates_right_never_reaches_beyond_the_leaders_own():
    short = Right("ola", "leader", date(2027, 1, 1), date(2027, 7, 10))
    [right] = delegated_rights([short], [delegation()])
    assert not right.covers(date(2027, 7, 11))


def test_an_ended_delegation_gives_no_right():
    ended = delegation()
    ended.end("ola", NOW, date(2027, 7, 5))
    assert isinstance(ended.events[-1], events.DelegationEnded)
    assert delegated_rights([LEADER_RIGHT], [ended]) == []


def test_ending_an_ended_delegation_is_a_conflict_with_its_state_not_a_bad_request():
    # make fuzz as the leader: it was 422 delegation_invalid for a request with no body
    ended = delegation()
    ended.end("ola", NOW, date(2027, 7, 5))
    with pytest.raises(DelegationEnded) as refused:
        ended.end("ola", NOW, date(2027, 7, 6))
    assert isinstance(refused.value, Conflict) and refused.value.code == "delegation_ended"


def test_a_leader_cannot_delegate_to_themselves():
    with pytest.raises(DelegationInvalid):
        Delegation.grant("d1", "ola", "ola", "bergen", date(2027, 7, 1), date(2027, 7, 2), NOW)


def test_a_delegation_that_ends_before_it_starts_is_refused():
    with pytest.raises(DelegationInvalid):
        delegation(start=date(2027, 7, 10), end=date(2027, 7, 1))
