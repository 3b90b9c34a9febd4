"""The erasure decision: what an erased booking keeps (the figures) and loses (the person)."""
from __future__ import annotations

from dataclasses import replace

from chalicelib.domain.booking.booking import Event
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.followup.agenda import next_step
from chalicelib.domain.people.erasure import forget, is_erased, scrub_row
from tests.unit.test_change import NOW, STORE, booking

PERSONAL = ("张伟", "13800138000", "沪A12345", "Mazda 6", "c_9f8e7d", "刹车异响", "太慢了")


def _history():
    return booking(customer_id="c_9f8e7d", description="刹车异响", honorific="先生",
                   events=(Event(NOW, "booked", "customer:c_9f8e7d"), Event(NOW, "feedback", "customer:c_9f8e7d", "2/5 太慢了")))


def test_an_open_booking_is_cancelled_and_gives_its_place_back():
    change = forget(_history(), STORE, NOW)
    assert change is not None and change.after.status is Status.CANCELLED
    assert [m.delta for m in change.counters] == [-1.0, -1.0]  # its place and its labour hours
    assert change.messages == () and change.agenda is None  # nobody is told through the erased channels


def test_the_erased_booking_names_nobody_and_keeps_the_figures():
    done = replace(_history(), status=Status.COMPLETED, events=_history().events + (Event(NOW, "completed", "wang"),))
    after = forget(done, STORE, NOW).after
    assert not any(p in repr(after) for p in PERSONAL)
    assert (after.status, after.start, after.service_type, after.source, after.labour_hours) == (
        Status.COMPLETED, done.start, done.service_type, done.source, done.labour_hours)
    assert [e.kind for e in after.events] == ["booked", "feedback", "completed", "erased"]
    assert is_erased(after) and next_step(after, STORE) is None  # no follow-up goes to an erased customer


def test_erasing_again_changes_nothing():
    once = forget(_history(), STORE, NOW).after
    assert forget(once, STORE, NOW) is None


def test_report_rows_are_blanked_only_when_they_name_the_person():
    row = {"time": "09:00", "customer": "张先生", "phone": "13800138000", "plate": "沪A12345", "service": "保养"}
    assert scrub_row(row, frozenset({"13800138000"}), frozenset()) == {**row, "customer": "", "phone": "", "plate": ""}
    assert scrub_row(row, frozenset(), frozenset({"沪A12345"}))["customer"] == ""
    assert scrub_row(row, frozenset({"13900000000"}), frozenset({"沪B00000"})) is None
