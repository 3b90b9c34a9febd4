"""Login throttling on DynamoDB: a parallel burst cannot slip past the counter, and failing on purpose from
elsewhere never locks the real user out."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from chalicelib.adapters.dynamo.staff import StaffRepository
from chalicelib.adapters.people.passwords import hash_password
from chalicelib.domain.errors import TooManyAttempts, Unauthorized
from chalicelib.domain.people.staff import Role
from chalicelib.domain.people.staff_member import StaffMember
from chalicelib.domain.people.throttle import FREE_ATTEMPTS, delay


def _account(chain: str) -> None:
    StaffRepository().create(StaffMember(chain, "wang", "王", Role.ADVISOR, frozenset({"pudong"}),
                                         hash_password("wang-pass", iterations=1000)))


def _try(svc, chain, password, source):
    try:
        svc.staff_access.login(chain, "wang", password, source=source)
        return "ok"
    except TooManyAttempts:
        return "throttled"
    except Unauthorized as exc:
        return exc.code


def test_a_parallel_burst_gets_only_the_free_attempts_and_one_window(svc, chain):
    _account(chain)
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: _try(svc, chain, "guess", "10.0.0.66"), range(40)))
    checked = results.count("bad_credentials")  # attempts that reached the password check
    assert checked <= FREE_ATTEMPTS + 1, results
    assert results.count("throttled") == 40 - checked


def test_failing_on_purpose_elsewhere_never_locks_the_real_user_out(svc, chain):
    _account(chain)
    for _ in range(30):
        _try(svc, chain, "guess", "10.0.0.66")
    assert _try(svc, chain, "guess", "10.0.0.66") == "throttled"
    assert _try(svc, chain, "wang-pass", "192.168.1.20") == "ok"  # the store's own network


def test_the_delay_grows_then_stops_growing(svc, chain):
    assert [delay(n).total_seconds() for n in range(FREE_ATTEMPTS + 1)] == [0] * (FREE_ATTEMPTS + 1)
    assert [delay(FREE_ATTEMPTS + n).total_seconds() for n in (1, 2, 3)] == [1, 2, 4]
    assert delay(10_000).total_seconds() == 60  # a minute at most: README and docs/product-rules.md
