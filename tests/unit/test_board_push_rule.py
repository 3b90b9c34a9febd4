"""Which booking changes redraw the lobby board (domain/floor/board_push.py): a row that appears on today's
board, leaves it, or shows something else."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.floor.board_push import live_connections, redraws_board
from tests.conftest import SHANGHAI, at

NOW = at("2026-11-23", "09:00")
TODAY = Booking("b1", "c", "s", "cust", Status.CONFIRMED, at("2026-11-23", "10:00"), at("2026-11-23", "11:00"),
                "repair", "standard", 0.0, "phone", "张伟", "13800138000", "沪A12345", "Mazda 6", 52000, 1.0)


@pytest.mark.parametrize(("before", "after", "redraws"), [
    (None, TODAY, True),  # booked for today
    (None, replace(TODAY, start=at("2026-11-24", "10:00")), False),  # booked for tomorrow
    (TODAY, replace(TODAY, status=Status.ARRIVED), True),  # checked in
    (replace(TODAY, status=Status.ARRIVED), replace(TODAY, status=Status.IN_SERVICE), True),  # started
    (replace(TODAY, status=Status.IN_SERVICE), replace(TODAY, status=Status.COMPLETED), True),  # leaves the board
    (TODAY, replace(TODAY, status=Status.CANCELLED), True),
    (TODAY, replace(TODAY, advisor="李工"), True),  # the advisor column
    (TODAY, replace(TODAY, start=at("2026-11-24", "10:00")), True),  # moved off today
    (TODAY, replace(TODAY, acknowledged_at=NOW, version=3), False),  # nothing the board shows
    (replace(TODAY, start=None, walk_in_day=NOW.date()), replace(TODAY, start=None, walk_in_day=NOW.date(),
                                                                 version=2), False),  # still queued
    (replace(TODAY, start=None, walk_in_day=NOW.date()), replace(TODAY, status=Status.ARRIVED), True),  # seated
])
def test_a_change_redraws_the_board_when_a_row_of_today_appears_goes_or_changes(before, after, redraws):
    assert redraws_board(before, after, NOW, SHANGHAI) is redraws


def test_today_is_the_stores_day_not_utcs():
    late = datetime(2026, 11, 23, 23, 30, tzinfo=SHANGHAI)  # 15:30 UTC, the same date; 00:30 would not be
    booking = replace(TODAY, start=at("2026-11-24", "00:30"))
    assert redraws_board(None, booking, late + timedelta(hours=1), SHANGHAI)
    assert not redraws_board(None, booking, late, SHANGHAI)


def test_connections_past_their_time_are_left_out():
    assert live_connections({"b": NOW, "a": NOW + timedelta(minutes=1), "c": NOW - timedelta(hours=1)}, NOW) == ["a"]
