"""Sign-in slowing: a progressive delay per account and source instead of a lock anyone could trigger
(docs/product-rules.md#sign-in).

Only wrong passwords count. Every attempt is counted atomically before the password is checked (so a parallel
burst cannot slip past the counter); an attempt refused for its window gives its count back, and a right
password clears the key. The first FREE_ATTEMPTS of a key go through; after that one attempt per window, the
window doubling from 1 s up to MAX_DELAY, and only the caller that claims the window (a compare-and-set) gets
to try. So the right password is refused at most MAX_DELAY after the last wrong one, however many tries were
refused meanwhile, and the key includes the source: someone failing on purpose from elsewhere never slows the
real user down.
"""
from __future__ import annotations

from datetime import datetime, timedelta

FREE_ATTEMPTS = 5
MAX_DELAY = timedelta(minutes=1)  # the longest the right password waits: README, product rules
FORGET_AFTER = timedelta(hours=24)


def throttle_key(chain_id: str, username: str, source: str | None) -> str:
    return f"{chain_id}#{username}#{source or '-'}"


def delay(attempts: int) -> timedelta:
    """The wait before the attempt after `attempts` counted ones (0 while they are free)."""
    over = attempts - FREE_ATTEMPTS
    if over <= 0:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(over - 1, 20)), MAX_DELAY)


def may_try(attempts: int, not_before: datetime | None, now: datetime) -> bool:
    """Whether the attempt numbered `attempts` may go ahead at `now` (the caller still claims its window)."""
    return attempts <= FREE_ATTEMPTS or not_before is None or now >= not_before
