from invitations.adapters.rate_limit import RateLimiter
from invitations.domain.exceptions import LookupsLimited


def test_link_lookups_over_the_limit_are_refused_with_when_to_retry():
    now = [100.0]
    limiter = RateLimiter(2, 60, monotonic=lambda: now[0])
    limiter.check("10.0.0.1")
    limiter.check("10.0.0.1")
    try:
        limiter.check("10.0.0.1")
    except LookupsLimited as refused:
        assert refused.retry_after == 60 and refused.code == "rate_limited"
    else:
        raise AssertionError("the third lookup was not refused")
    limiter.check("10.0.0.2")
    now[0] += 60
    limiter.check("10.0.0.1")
