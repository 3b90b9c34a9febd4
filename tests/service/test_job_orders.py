"""Any order of a job's events (docs/product-rules.md#promised-time, #extra-work): check-in, start, progress
check, delay, extra work proposed and answered (mini-program or phone), complete, cancel, and the reminders
check run as time goes by. Whatever the order, a refused step changes nothing; nothing is approved without a
recorded yes, each item is answered once; the promised time is the first one moved by the delays and the
approved items only; the pick-up notice goes at most once per promised time and never after the car is ready;
an unanswered-extra-work call is open only while something is unanswered."""
from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib import container
from chalicelib.adapters.clock import FixedClock
from chalicelib.config import Settings
from chalicelib.domain import staff_requests
from chalicelib.domain.booking.extra_items import APPROVED, PROPOSED
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.booking.promise import DELAYED_EVENT, MOVED_EVENT, promise_of
from chalicelib.domain.errors import DomainError
from chalicelib.domain.floor.extra_work import extra_input
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from chalicelib.domain.tenancy.chain import Chain
from devstack.seed import demo_store
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING

DAY = "2026-11-24"
CHAIN = "orders"
KINDS = ("service_progress", "service_delayed", "pickup_notice", "extra_work_proposed", "ready_for_pickup")

steps = st.lists(st.one_of(
    st.sampled_from(["start", "complete", "cancel", "progress", "check-in"]).map(lambda a: (a,)),
    st.tuples(st.just("delay"), st.integers(10, 240)),
    st.tuples(st.just("propose"), st.integers(0, 120)),
    st.tuples(st.just("answer"), st.integers(1, 3), st.booleans(), st.booleans()),
    st.tuples(st.just("wait"), st.integers(5, 90)),
), min_size=1, max_size=14)


def world():
    clock = FixedClock(at(DAY, "08:00"))
    svc = container.use_cases(Settings.from_env({}), container.memory_ports(clock))
    kinds = (*KINDS, "booking_confirmed", "booking_cancelled")
    svc.ports.stores.put_chain(Chain(CHAIN, "测试集团", mp_appid="wxorders", mp_secret_ref="/appt/test/mp-secret",
                                     sms={f"template.{k}": f"sms-{k}" for k in kinds}))
    svc.ports.stores.put(demo_store("pudong", "浦东店", chain_id=CHAIN, capacity_per_slot=3, walk_in_reserve=0.0,
                                    labour_hours={}))
    wang = add_staff(svc, CHAIN, "wang", Role.ADVISOR, {"pudong"})
    booking = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING), NO_PARTS)
    clock.set(at(DAY, "10:00"))
    svc.staff_ops.act(wang, booking.booking_id, "check-in")  # the orders below start with the job at the counter
    return svc, clock, wang, booking.booking_id


def _do(svc, clock, wang, booking_id, step):
    now = clock.now()
    customer = Principal(svc.ports.bookings.get(booking_id).customer_id, CHAIN, "customer")
    match step:
        case ("wait", minutes):
            clock.set(now + timedelta(minutes=minutes))
            svc.checks.run("reminders")
        case ("progress",):
            svc.job_progress.check(wang, booking_id, None)
        case ("delay", minutes):
            promised = promise_of(svc.ports.bookings.get(booking_id).events)
            svc.job_progress.delay(wang, booking_id, "需等待配件到货", (promised.at if promised else now)
                                   + timedelta(minutes=minutes))
        case ("propose", minutes):
            svc.extra_work.propose(wang, booking_id, extra_input({"what": "更换雨刮片", "why": "老化", "price_fen": 12000,
                                                                  "minutes": minutes}))
        case ("answer", n, approve, by_phone):
            if by_phone:
                svc.extra_work.phone_answer(wang, booking_id, f"x{n}", approve, "车主电话答复", None)
            else:
                svc.extra_work.answer(customer, booking_id, f"x{n}", approve)
        case (action,):
            svc.staff_ops.act(wang, booking_id, action)


def _check(svc, booking_id):
    b = svc.ports.bookings.get(booking_id)
    answered = {e.note.split(" ")[0] for e in b.events if e.kind in ("extra_work_approved", "extra_work_declined")}
    for item in b.extra_work:
        assert (item.status != PROPOSED) == (item.item_id in answered)  # an answer is recorded, once
        if item.status == APPROVED:
            assert item.decided_by and item.decided_at
    promised = promise_of(b.events)
    if promised is not None:
        moved = sum(int(e.note.split(" ")[0] != "") for e in b.events if e.kind == MOVED_EVENT)
        assert moved == sum(1 for i in b.extra_work if i.status == APPROVED and i.minutes > 0)
        assert promised.delays == sum(1 for e in b.events if e.kind == DELAYED_EVENT)
        assert promised.at >= promised.first
    notices = [e.note for e in b.events if e.kind == "pickup_notice" and not (e.note or "").count("skipped")]
    assert len(notices) == len(set(notices))  # once per promised time
    ready = next((e.at for e in b.events if e.kind == "completed"), None)
    assert ready is None or all(e.at <= ready for e in b.events if e.kind == "pickup_notice")
    calls = [t for t in svc.ports.tasks.open_for_store(CHAIN, "pudong") if t.kind == "extra_work_unanswered"]
    assert not calls or any(i.status == PROPOSED for i in b.extra_work)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_any_order_of_a_jobs_events_keeps_its_rules(sequence):
    svc, clock, wang, booking_id = world()
    for step in sequence:
        before = svc.ports.bookings.get(booking_id)
        try:
            _do(svc, clock, wang, booking_id, step)
        except DomainError:
            assert svc.ports.bookings.get(booking_id) == before  # a refusal writes nothing
        _check(svc, booking_id)
