"""The walk-in queue and the staff roster's duty days, on the fakes and on DynamoDB alike."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking import decisions, tiers
from chalicelib.domain.errors import SlotFull
from chalicelib.domain.floor import walk_ins
from chalicelib.domain.people.staff import Role
from chalicelib.domain.people.staff_member import StaffMember
from chalicelib.domain.tenancy.calendar import current_slot
from tests.conftest import at
from tests.support.bookings import PHONE_BOOKING

DAY = date(2026, 11, 23)


def walk_in(ports, chain_id, booking_id, plate):
    store = ports.stores.get(chain_id, "pudong")
    req = staff_requests.staff_booking_request({**PHONE_BOOKING, "source": "walk_in", "start": None,
                                            "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}})
    change = walk_ins.queued(req, store, ports.clock.now(), "staff:mgr", booking_id, (None, None))
    ports.uow.commit(change)
    return change.after


def seat(ports, chain_id, booking_id):
    store = ports.stores.get(chain_id, "pudong")
    slot = current_slot(store, ports.clock.now())
    taken = ports.bookings.taken(chain_id, "pudong", DAY, slot.key)
    seen = tiers.slot_tier(store, DAY, slot.start.time(), taken)
    change = walk_ins.seat(ports.bookings.get(booking_id), store, slot, taken, seen, ports.clock.now(), "staff:mgr")
    ports.uow.commit(change)
    return change.after


def test_queued_walk_ins_are_on_their_days_queue_only_until_seated(ports, chain_id):
    ports.clock.set(at("2026-11-23", "10:05"))
    first, second, third = (walk_in(ports, chain_id, f"w{i}", f"沪C2000{i}") for i in range(3))
    assert [b.booking_id for b in ports.bookings.walk_in_queue(chain_id, "pudong", DAY)] == ["w0", "w1", "w2"]
    assert ports.bookings.walk_in_queue(chain_id, "pudong", date(2026, 11, 24)) == []
    assert ports.bookings.waiting_for_parts(chain_id, "pudong") == []
    assert ports.bookings.for_store_day(chain_id, "pudong", DAY) == []
    assert ports.bookings.get("w0").walk_in_day == DAY
    seat(ports, chain_id, "w0")
    seat(ports, chain_id, "w1")
    with pytest.raises(SlotFull):  # capacity 2: the third waits on
        seat(ports, chain_id, "w2")
    assert [b.booking_id for b in ports.bookings.for_store_day(chain_id, "pudong", DAY)] == ["w0", "w1"]
    assert ports.bookings.taken(chain_id, "pudong", DAY, "10:00") == 2
    store = ports.stores.get(chain_id, "pudong")
    ports.uow.commit(decisions.release(third, store, ports.clock.now(), "cancel", "staff:mgr"))
    left = ports.bookings.walk_in_queue(chain_id, "pudong", DAY)
    assert [b.booking_id for b in left] == ["w2"] and not walk_ins.is_queued(left[0])


def test_staff_days_off_and_names_are_kept_and_changed(ports, chain_id):
    ports.staff.create(StaffMember(chain_id, "wang", "王顾问", Role.ADVISOR, frozenset({"pudong"}), "h",
                                   days_off=frozenset({"sun", "2026-12-01"})))
    assert ports.staff.get(chain_id, "wang").days_off == {"sun", "2026-12-01"}
    changed = ports.staff.change(chain_id, "wang", display_name="王师傅", days_off=frozenset(), revoke=False)
    assert (changed.display_name, changed.days_off, changed.token_version) == ("王师傅", frozenset(), 0)
    assert ports.staff.of_chain(chain_id)[0].days_off == frozenset()


def test_a_parts_booking_leaves_the_waiting_list_for_its_closing_days_list(ports, chain_id):
    """Decision 0084: the waiting list holds what still waits; a booking cancelled on it is on the list of its
    closing (UTC) day, and stays there when it changes later."""
    from dataclasses import replace
    from datetime import UTC

    from chalicelib.domain.booking import new_booking
    from chalicelib.domain.booking.change import decide

    ports.clock.set(at("2026-11-23", "07:30"))  # 2026-11-22 in UTC
    store = ports.stores.get(chain_id, "pudong")
    made = []
    for n in range(2):
        req = staff_requests.staff_booking_request({**PHONE_BOOKING, "start": None, "waiting_for_parts": True,
                                                    "vehicle": {**PHONE_BOOKING["vehicle"], "plate": f"沪P1000{n}"}})
        change = new_booking.by_staff(req, store, None, None, ports.clock.now(), "staff:mgr", f"p{n}", (None, None))
        ports.uow.commit(change)
        made.append(change.after)
    cancelled = decisions.release(made[1], store, ports.clock.now(), "cancel", "staff:mgr")
    ports.uow.commit(cancelled)
    assert [b.booking_id for b in ports.bookings.waiting_for_parts(chain_id, "pudong")] == ["p0"]
    utc_day = ports.clock.now().astimezone(UTC).date()
    assert utc_day == date(2026, 11, 22)
    assert [b.booking_id for b in ports.bookings.parts_closed(chain_id, "pudong", utc_day)] == ["p1"]
    ports.clock.set(at("2026-11-24", "10:00"))
    later = cancelled.after
    ports.uow.commit(decide(later, replace(later, priority="warranty"), store, ports.clock.now()))
    assert [b.booking_id for b in ports.bookings.parts_closed(chain_id, "pudong", utc_day)] == ["p1"]
    assert ports.bookings.parts_closed(chain_id, "pudong", date(2026, 11, 24)) == []
