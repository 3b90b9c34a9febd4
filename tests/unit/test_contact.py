"""Invitations spread over the contact window: each key its own stable moment, the window's hours all used.
Reminders kept out of the store's quiet hours and inside the customer's window: moved to the last allowed moment
before, merged when they land on the same one, never after the start or before the booking."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.followup import contact
from chalicelib.domain.messaging import contact_hours

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


# --- contact hours: quiet hours, the customer's window, moved and merged reminders ----------------------------
QUIET = (time(21, 0), time(8, 30))
OFFSETS = (1440, 180, 60)


def local(day: str, hhmm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=SHANGHAI)


def reminders(start: datetime, offsets=OFFSETS) -> list[tuple[str, datetime]]:
    return [(f"reminder_{m}", start - timedelta(minutes=m)) for m in offsets]


def test_quiet_hours_wrap_midnight():
    assert contact.allowed(local("2026-11-23", "20:59"), QUIET, None, SHANGHAI)
    assert not contact.allowed(local("2026-11-23", "21:00"), QUIET, None, SHANGHAI)
    assert not contact.allowed(local("2026-11-24", "05:30"), QUIET, None, SHANGHAI)
    assert contact.allowed(local("2026-11-24", "08:30"), QUIET, None, SHANGHAI)
    assert not contact.allowed(local("2026-11-24", "12:00"), QUIET, (time(18, 0), time(20, 0)), SHANGHAI)


def test_a_night_reminder_moves_to_the_evening_before():
    assert contact.last_allowed(local("2026-11-24", "05:30"), QUIET, None, SHANGHAI) == local("2026-11-23", "20:59")
    assert contact.last_allowed(local("2026-11-24", "00:10"), QUIET, None, SHANGHAI) == local("2026-11-23", "20:59")
    assert contact.last_allowed(local("2026-11-24", "23:59"), QUIET, None, SHANGHAI) == local("2026-11-24", "20:59")
    assert contact.last_allowed(local("2026-11-24", "12:00"), QUIET, None, SHANGHAI) == local("2026-11-24", "12:00")


def test_an_early_appointments_same_day_reminders_merge_into_one_evening_message():
    start = local("2026-11-24", "08:30")
    plan = contact.plan(reminders(start), start, local("2026-11-20", "10:00"), QUIET, None, SHANGHAI)
    assert plan == [
        contact.Send(local("2026-11-23", "08:30"), ("reminder_1440",)),
        contact.Send(local("2026-11-23", "20:59"), ("reminder_180", "reminder_60"), moved=True),
    ]


def test_a_ten_oclock_appointment_moves_only_its_three_hour_reminder():
    start = local("2026-11-24", "10:00")
    plan = contact.plan(reminders(start), start, local("2026-11-20", "10:00"), QUIET, None, SHANGHAI)
    assert [(s.at, s.names, s.moved) for s in plan] == [
        (local("2026-11-23", "10:00"), ("reminder_1440",), False),
        (local("2026-11-23", "20:59"), ("reminder_180",), True),
        (local("2026-11-24", "09:00"), ("reminder_60",), False),
    ]


def test_the_customers_window_narrows_the_day():
    start = local("2026-11-24", "10:00")
    evenings = (time(18, 0), time(20, 0))
    plan = contact.plan(reminders(start), start, local("2026-11-20", "10:00"), QUIET, evenings, SHANGHAI)
    assert [(s.at, s.names) for s in plan] == [
        (local("2026-11-22", "19:59"), ("reminder_1440",)),
        (local("2026-11-23", "19:59"), ("reminder_180", "reminder_60")),
    ]


def test_a_window_inside_the_quiet_hours_is_ignored_rather_than_silencing_everything():
    night_owl = (time(23, 0), time(2, 0))
    assert contact.usable(QUIET, night_owl, SHANGHAI) is None
    start = local("2026-11-24", "10:00")
    plan = contact.plan(reminders(start), start, local("2026-11-20", "10:00"), QUIET, night_owl, SHANGHAI)
    assert len(plan) == 3


def test_nothing_before_the_booking_was_made_and_nothing_after_the_start():
    start = local("2026-11-24", "08:30")
    late_evening = local("2026-11-23", "22:00")  # booked at night: the evening before has passed
    assert contact.plan(reminders(start), start, late_evening, QUIET, None, SHANGHAI) == []
    assert contact.plan([("reminder_0", start)], start, local("2026-11-20", "10:00"), None, None, SHANGHAI) == []


WINDOWS = st.one_of(st.none(), st.tuples(st.times(), st.times()).filter(lambda w: w[0] != w[1]))
MINUTES = st.integers(min_value=0, max_value=3 * 24 * 60)


@settings(max_examples=300, deadline=None)
@given(start_minute=st.integers(min_value=0, max_value=24 * 60 - 1), offsets=st.sets(st.integers(1, 3000), max_size=4),
       quiet=WINDOWS, preferred=WINDOWS, booked_before=MINUTES)
def test_every_planned_reminder_is_allowed_early_enough_and_sent_once(start_minute, offsets, quiet, preferred,
                                                                      booked_before):
    quiet = tuple(t.replace(second=0, microsecond=0) for t in quiet) if quiet else None
    preferred = tuple(t.replace(second=0, microsecond=0) for t in preferred) if preferred else None
    if (quiet and quiet[0] == quiet[1]) or (preferred and preferred[0] == preferred[1]):
        return
    start = local("2026-11-24", "00:00") + timedelta(minutes=start_minute)
    booked = start - timedelta(minutes=booked_before)
    wanted = reminders(start, sorted(offsets))
    plan = contact.plan(wanted, start, booked, quiet, preferred, SHANGHAI)
    window = contact.usable(quiet, preferred, SHANGHAI)
    names = [n for send in plan for n in send.names]
    assert len(names) == len(set(names))  # each reminder in one message at most
    assert [s.at for s in plan] == sorted({s.at for s in plan})  # one message per moment
    original = dict(wanted)
    for send in plan:
        assert contact.allowed(send.at, quiet, window, SHANGHAI)
        assert booked <= send.at < start
        assert all(send.at <= original[n] for n in send.names)  # moved earlier, never later
        assert send.moved == any(original[n] != send.at for n in send.names)
    for name, at in wanted:  # a reminder at an allowed moment, after booking and before the start, is never lost
        if booked <= at < start and contact.allowed(at, quiet, window, SHANGHAI):
            assert name in names


# --- at the moment of sending (docs/product-rules.md#contact-hours-at-sending) -------------------------------
def test_the_next_allowed_moment_is_where_the_quiet_hours_end_or_the_customers_window_begins():
    assert contact_hours.next_allowed(local("2026-11-24", "05:31"), QUIET, None, SHANGHAI) == local("2026-11-24", "08:30")
    assert contact_hours.next_allowed(local("2026-11-23", "21:00"), QUIET, None, SHANGHAI) == local("2026-11-24", "08:30")
    assert contact_hours.next_allowed(local("2026-11-24", "12:00"), QUIET, None, SHANGHAI) == local("2026-11-24", "12:00")
    evenings = (time(18, 0), time(20, 0))
    assert contact_hours.next_allowed(local("2026-11-24", "05:31"), QUIET, evenings, SHANGHAI) == local("2026-11-24", "18:00")


def test_a_scheduled_message_waits_a_reminder_no_use_by_then_is_dropped_an_answer_goes_at_once():
    night, start = local("2026-11-24", "05:31"), local("2026-11-24", "09:00")
    assert contact_hours.at_sending("reminder", night, start, QUIET, None, SHANGHAI).until == local("2026-11-24", "08:30")
    assert contact_hours.at_sending("reminder", night, local("2026-11-24", "08:30"), QUIET, None, SHANGHAI).until is None
    assert contact_hours.at_sending("follow_up", night, local("2026-11-20", "09:00"), QUIET, None, SHANGHAI).until \
        == local("2026-11-24", "08:30")  # about an appointment gone by: it waits, never dropped
    assert contact_hours.at_sending("lapse_invitation", night, None, QUIET, None, SHANGHAI) is not None
    assert contact_hours.at_sending("reminder", local("2026-11-24", "08:30"), start, QUIET, None, SHANGHAI) is None
    for kind in ("booking_confirmed", "booking_cancelled", "parts_expected"):
        assert contact_hours.at_sending(kind, night, start, QUIET, None, SHANGHAI) is None
    # lateness messages go at once whatever the customer's window, but not into the quiet hours (found late)
    assert contact_hours.at_sending("no_show", night, start, QUIET, None, SHANGHAI).until == local("2026-11-24", "08:30")
    assert contact_hours.at_sending("late", night, start, QUIET, None, SHANGHAI).until is None  # dropped
    evening_window = (time(18, 0), time(20, 0))
    for kind in ("late", "no_show"):
        assert contact_hours.at_sending(kind, local("2026-11-24", "10:00"), start, QUIET, evening_window, SHANGHAI) is None


def test_a_reminder_is_no_use_once_its_appointment_has_begun():
    """Found by the booking-life machine: a reminder held until 08:30 for a 09:00 appointment went out at 09:00,
    beside the check-in."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from chalicelib.domain.messaging.contact_hours import pointless_now

    start = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert pointless_now("reminder", start, start) == "the appointment has begun"
    assert pointless_now("reminder", start, start - timedelta(minutes=1)) is None
    assert pointless_now("follow_up", start, start + timedelta(days=2)) is None
