"""Call tasks about a customer rather than a booking carry their contact preference like a booking's
(docs/product-rules.md#contact-preference): the near-lost call and the chase of an unanswered first-service
invitation say how the customer likes to be reached and when to call (`call_from`, the first moment at or
after the task's due time that suits them, on the store's calendar)."""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.domain.followup import contact
from tests.conftest import at
from tests.service.test_first_service import INVITED, PLATE, chase_tasks, done, new_car_booking
from tests.support.bookings import customer, request

REST_DAYS = {"contact_hours": ["09:00", "20:00"], "contact_days": "rest_days", "rush_hours": [["17:00", "18:30"]]}
SAID = "休息日 09:00–20:00，避开17:00–18:30"


def test_the_near_lost_call_says_when_she_likes_to_be_called(svc, chain, clock, mgr):
    clock.set(at("2026-11-23", "08:00"))
    alice = customer(svc, chain, "alice")
    svc.preferences.set_contact_hours(alice, REST_DAYS)
    svc.preferences.set_consent(alice, {"marketing": True})
    booking, _ = svc.booking.book_online(alice, request(at("2026-11-24", "10:00"), plate="沪AD12345"), "k")
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action)
    clock.set(at("2027-02-27", "18:00"))  # invited three months on (a Saturday, at the window's end)
    assert svc.lapse.run()["invited"] == 1
    clock.set(at("2027-05-24", "18:00"))  # six months: a Monday
    assert svc.lapse.run()["near_lost"] == 1
    [task] = [t.to_json() for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "near_lost"]
    assert task["contact_preference"] == SAID
    assert datetime.fromisoformat(task["call_from"]) == at("2027-05-29", "09:00")  # due Tuesday; her Saturday


def test_the_first_service_chase_says_when_to_call(svc, chain, clock, mgr):
    clock.set(at("2026-11-23", "08:00"))
    owner = customer(svc, chain, "newcar")
    svc.preferences.set_consent(owner, {"marketing": True})
    svc.preferences.set_contact_hours(owner, REST_DAYS)
    done(svc, clock, mgr, new_car_booking(svc, owner, "beauty"))
    clock.set(at(INVITED, "18:00"))
    assert svc.lapse.run()["first_service_due"] == 1
    moment = contact.spread(datetime.fromisoformat("2027-01-15").date(), PLATE, clock.now().tzinfo)  # a Friday
    clock.set(moment)
    assert svc.lapse.run()["first_service_unanswered"] == 1
    [task] = [t.to_json() for t in chase_tasks(svc, chain)]
    assert task["contact_preference"] == SAID
    due = datetime.fromisoformat(task["due_at"])
    assert due == moment + timedelta(days=1) and due.weekday() == 5  # due on a Saturday, inside her hours
    assert datetime.fromisoformat(task["call_from"]) == due
