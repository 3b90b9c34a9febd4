"""Sign-in slowing (docs/product-rules.md#sign-in): wrong passwords only are counted, per account and source;
after five, each further try waits for a window that doubles up to a minute, and tries refused meanwhile are
not counted. The right password is therefore never refused for longer than a minute, and never locked out."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.errors import TooManyAttempts, Unauthorized
from chalicelib.domain.people.staff import Role
from chalicelib.domain.people.throttle import FREE_ATTEMPTS, MAX_DELAY
from tests.service.helpers import add_staff

SOURCE = "10.0.0.66"
WINDOW = timedelta(minutes=1)  # the longest wait, as README and docs/product-rules.md say


def _try(svc, chain, password, source=SOURCE):
    try:
        svc.staff_access.login(chain, "wang", password, source=source)
        return "ok"
    except TooManyAttempts as exc:
        return f"wait {exc.details['retry_after']}"
    except Unauthorized as exc:
        return exc.code


@pytest.fixture
def wang(svc, chain):
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def test_the_window_stops_growing_at_the_documented_minute():
    assert MAX_DELAY == WINDOW


def test_41_wrong_sign_ins_from_one_source_keep_the_right_password_out_no_longer_than_the_window(svc, chain, clock, wang):
    outcomes = []
    for _ in range(41):  # as fast as they come: most are refused (429) without a check
        outcomes.append(_try(svc, chain, "guess"))
        clock.advance(seconds=1)
    assert outcomes.count("bad_credentials") < 41 and any(o.startswith("wait") for o in outcomes)
    clock.advance(seconds=WINDOW.total_seconds())
    assert _try(svc, chain, "wang-pass") == "ok"


def test_refused_tries_are_not_counted(svc, chain, clock, wang):
    for _ in range(FREE_ATTEMPTS + 1):  # the sixth claims the first window: 1 s
        assert _try(svc, chain, "guess") == "bad_credentials"
    for _ in range(30):  # hammering inside the window changes nothing
        assert _try(svc, chain, "guess") == "wait 2"
    clock.advance(seconds=1)
    assert _try(svc, chain, "guess") == "bad_credentials"  # the seventh wrong one: the next window is 2 s
    assert _try(svc, chain, "guess") == "wait 3"


def test_only_wrong_passwords_count(svc, chain, clock, wang):
    for _ in range(FREE_ATTEMPTS - 1):
        assert _try(svc, chain, "guess") == "bad_credentials"
    assert _try(svc, chain, "wang-pass") == "ok"  # clears the count
    svc.ports.staff.change(chain, "wang", disabled=True)
    for _ in range(FREE_ATTEMPTS + 3):  # the right password of a disabled account is no wrong password
        assert _try(svc, chain, "wang-pass") == "account_disabled"
    svc.ports.staff.change(chain, "wang", disabled=False)
    for _ in range(FREE_ATTEMPTS):
        assert _try(svc, chain, "guess") == "bad_credentials"


def test_another_source_is_never_slowed(svc, chain, clock, wang):
    for _ in range(40):
        _try(svc, chain, "guess")
    assert _try(svc, chain, "guess").startswith("wait")
    assert _try(svc, chain, "wang-pass", source="192.168.1.20") == "ok"
