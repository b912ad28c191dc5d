import pytest

from portal_kit.redelivery import count_in


@pytest.mark.parametrize("value, count", [(2, 2), ("3", 3), (0, 0)])
def test_an_attempt_count_is_read_from_its_header(value, count):
    assert count_in({"x-portal-attempts": value}, "x-portal-attempts") == count


@pytest.mark.parametrize("value", ["three", "2.5", "-1", -4, 2.5, True, [1], None, b"2"])
def test_an_unreadable_attempt_count_counts_as_zero(value):
    assert count_in({"x-portal-attempts": value}, "x-portal-attempts") == 0


def test_a_missing_attempt_count_is_zero():
    assert count_in({}, "x-portal-attempts") == 0


def test_pauses_after_failures_double_up_to_the_longest_and_start_again_after_a_success():
    from portal_kit.redelivery import Pauses
    pauses = Pauses(0.5, 3.0)
    assert [pauses.next() for _ in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    pauses.reset()
    assert pauses.next() == 0.5
