import pytest

from identity.adapters.rate_limit import Limit, RateLimiter
from identity.domain.exceptions import RateLimited


class Ticking:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_requests_over_the_limit_are_refused_with_the_seconds_to_wait():
    clock = Ticking()
    limiter = RateLimiter(Limit(2, 60), "token", clock)
    limiter.check("client:web")
    clock.now += 10
    limiter.check("client:web")
    with pytest.raises(RateLimited) as refused:
        limiter.check("client:web")
    assert refused.value.retry_after == 50


def test_each_key_has_its_own_window_and_the_window_slides():
    clock = Ticking()
    limiter = RateLimiter(Limit(1, 60), "search", clock)
    limiter.check("person:a")
    limiter.check("person:b")
    clock.now += 61
    limiter.check("person:a")
