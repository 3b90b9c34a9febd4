"""The QR check-in rules on their own: the store's code, the lobby board's rotating code, presence."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.errors import Forbidden
from chalicelib.domain.floor import arrivals
from devstack.seed import demo_store

STORE = demo_store("demo-pudong", "浦东店", location=(31.2304, 121.5270))
CODE = arrivals.new_store_code("demo", "demo-pudong", lambda n: bytes(range(7, 7 + n)))
NOON = datetime(2026, 11, 23, 4, 2, 30, tzinfo=UTC)


def test_a_store_code_is_ten_characters_of_wechats_scene_set():
    assert len(CODE.code) == arrivals.SCENE_LENGTH and set(CODE.code) <= set(arrivals.SCENE_ALPHABET)
    assert len(bytes.fromhex(CODE.secret)) == 32


def test_the_lobby_code_changes_each_period_and_the_one_before_still_counts():
    shown = arrivals.lobby_code(CODE, NOON)
    assert len(shown) == 4 and shown.isdigit()
    assert arrivals.lobby_code(CODE, NOON + timedelta(minutes=2)) == shown  # the same period (04:00-04:05)
    assert arrivals.lobby_code_ok(CODE, shown, NOON + arrivals.LOBBY_PERIOD)  # read just before it changed
    assert not arrivals.lobby_code_ok(CODE, shown, NOON + 2 * arrivals.LOBBY_PERIOD)
    other = arrivals.new_store_code("demo", "demo-xuhui", lambda n: bytes(range(9, 9 + n)))
    assert [arrivals.lobby_code(other, NOON + k * arrivals.LOBBY_PERIOD) for k in range(6)] != \
        [arrivals.lobby_code(CODE, NOON + k * arrivals.LOBBY_PERIOD) for k in range(6)]  # per store


@pytest.mark.parametrize("location, lobby, proof", [
    ((31.2310, 121.5275), None, "location"),  # about 80 m away
    ((31.2000, 121.5270), None, None),  # about 3.4 km away
    (None, "wrong", None),
    ((31.2000, 121.5270), "lobby", "lobby_code"),
])
def test_presence_is_the_phone_near_the_store_or_the_lobby_code(location, lobby, proof):
    given = arrivals.lobby_code(CODE, NOON) if lobby == "lobby" else lobby
    if proof is None:
        with pytest.raises(Forbidden) as refused:
            arrivals.ensure_present(STORE, CODE, NOON, location, given)
        assert refused.value.code == "not_at_store"
    else:
        assert arrivals.ensure_present(STORE, CODE, NOON, location, given) == proof
