"""Invitations spread over the contact window: each key its own stable moment, the window's hours all used."""
from __future__ import annotations

from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

from chalicelib.domain import contact

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_each_key_gets_one_stable_moment_inside_the_window():
    day = date(2027, 2, 24)
    for n in range(500):
        moment = contact.spread(day, f"c_{n}", SHANGHAI)
        assert moment == contact.spread(day, f"c_{n}", SHANGHAI)
        assert moment.date() == day and contact.WINDOW[0] <= moment.timetz().replace(tzinfo=None) < contact.WINDOW[1]


def test_a_days_invitations_spread_over_every_hour_of_the_window():
    by_hour = Counter(contact.spread(date(2027, 2, 24), f"c_{n}", SHANGHAI).hour for n in range(8000))
    assert sorted(by_hour) == list(range(10, 18))
    assert max(by_hour.values()) < 1.2 * 8000 / 8  # no hour takes much more than its share
