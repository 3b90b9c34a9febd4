import itertools

import pytest

from chalicelib.domain.booking.lifecycle import TRANSITIONS, Status, ensure_movable, next_status
from chalicelib.domain.errors import IllegalTransition

LEGAL = {
    (Status.PENDING, "confirm"): Status.CONFIRMED,
    (Status.PENDING, "check_in"): Status.ARRIVED,
    (Status.CONFIRMED, "check_in"): Status.ARRIVED,
    (Status.ARRIVED, "start"): Status.IN_SERVICE,
    (Status.IN_SERVICE, "complete"): Status.COMPLETED,
    (Status.PENDING, "cancel"): Status.CANCELLED,
    (Status.CONFIRMED, "cancel"): Status.CANCELLED,
    (Status.PENDING, "no_show"): Status.NO_SHOW,
    (Status.CONFIRMED, "no_show"): Status.NO_SHOW,
}


@pytest.mark.parametrize("state, action", sorted(LEGAL, key=str))
def test_legal_moves(state, action):
    assert next_status(state, action) is LEGAL[(state, action)]


ILLEGAL = [pair for pair in itertools.product(Status, TRANSITIONS) if pair not in LEGAL]


@pytest.mark.parametrize("state, action", ILLEGAL, ids=[f"{s.value}-{a}" for s, a in ILLEGAL])
def test_every_illegal_move_is_refused_with_the_current_state(state, action):
    with pytest.raises(IllegalTransition) as err:
        next_status(state, action)
    assert err.value.code == "illegal_transition"
    assert err.value.details["current_status"] == state.value


def test_illegal_count_is_the_whole_rest_of_the_table():
    assert len(ILLEGAL) == len(Status) * len(TRANSITIONS) - len(LEGAL) == 33


def test_unknown_action():
    with pytest.raises(IllegalTransition) as err:
        next_status(Status.PENDING, "teleport")
    assert err.value.code == "unknown_action"


@pytest.mark.parametrize("state", [Status.ARRIVED, Status.IN_SERVICE, Status.COMPLETED, Status.CANCELLED, Status.NO_SHOW])
def test_only_pending_or_confirmed_bookings_move(state):
    with pytest.raises(IllegalTransition):
        ensure_movable(state)
    ensure_movable(Status.PENDING)
    ensure_movable(Status.CONFIRMED)
