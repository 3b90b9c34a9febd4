"""What the counter costs in DynamoDB requests, counted at botocore: one Query per search keystroke, and the
day plan of 80 bookings in two Queries and one BatchGetItem of its customers' files."""
from __future__ import annotations

from datetime import date

from tests.support.busy_day import busy_store, fill_day, plate


def test_each_keystroke_of_a_search_is_at_most_one_query(svc, chain, calls):
    mgr = busy_store(svc, chain)
    made = fill_day(svc, mgr, "2026-11-24", 20)
    wanted = plate(7)  # e.g. 沪H67878
    svc.staff_desk.search(mgr, "pudong", "沪")  # the store is cached from here on
    typed = ""
    for keystroke in wanted[1:]:  # typed without the province character
        typed += keystroke
        calls.clear()
        term, hits = svc.staff_desk.search(mgr, "pudong", typed)
        assert calls.dynamodb() == ([] if term is None else ["Query"]), typed
    assert [h.booking_id for h in hits] == [made[7].booking_id]


def test_the_day_plan_of_80_bookings_is_two_queries_and_the_customers_files(svc, chain, calls):
    mgr = busy_store(svc, chain)
    fill_day(svc, mgr, "2026-11-24", 80)
    svc.staff_desk.stores(mgr)
    svc.ports.stores.get(chain, "pudong")
    calls.clear()
    plan = svc.staff_desk.day_plan(mgr, "pudong", date(2026, 11, 24))
    assert len(plan.entries) == 80
    # the store-day, the customers' files (what the rows carry into the job order), the parts waitlist
    assert calls.dynamodb() == ["Query", "BatchGetItem", "Query"]
    assert all(e.actions for e in plan.entries)
    calls.clear()  # what else the console's plan screen asks: the open call tasks, the walk-in queue
    svc.staff_desk.tasks(mgr, "pudong")
    svc.staff_ops.walk_ins.queue(mgr, "pudong", date(2026, 11, 24))
    assert calls.dynamodb() == ["Query", "Query", "Query"]  # the tasks, the queue, the day's counters
