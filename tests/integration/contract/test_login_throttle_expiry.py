"""Issue 22's cost lines: the login-throttle table forgets its items. A failed sign-in's counter is kept a day
after its last attempt (domain/people/throttle.py FORGET_AFTER) in `expires_at`, which must be the table's TTL
attribute, or every source that ever failed a sign-in stays stored (and backed up by PITR) for good."""
from __future__ import annotations

from datetime import UTC

from chalicelib.adapters.dynamo.models import LoginThrottleModel
from chalicelib.domain.people.throttle import FORGET_AFTER
from infra.tables import table_specs


def test_the_login_throttle_table_has_expires_at_as_its_ttl():
    [spec] = [s for s in table_specs() if s.name == "login-throttle"]
    assert spec.ttl_attribute == "expires_at"


def test_each_attempt_moves_the_expiry_to_a_day_after_it(tables, clock):
    from chalicelib.adapters.dynamo.staff import LoginThrottleRepository

    throttle, key = LoginThrottleRepository(), "kttl#wang#10.0.0.9"
    first = clock.now()
    assert throttle.attempt(key, first)[0] == 1
    later = first + FORGET_AFTER / 2
    assert throttle.attempt(key, later)[0] == 2
    expires = LoginThrottleModel.get(key).expires_at
    assert expires == (later + FORGET_AFTER).astimezone(UTC).replace(microsecond=0)
