"""The scale bench's chain: N stores in 上海 with locations; 60 bookings per store-day for the warm-up day and the
day measured (made two evenings before, one customer each, with subscribe authorizations), and each day's new
bookings for two days ahead (bench/store_day.py: what the people do with them); the cars finished two days before
the day measured (their follow-ups fall due on it); customers of every lapse age (3, 6 and 9 months without a
visit)."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.store_day import ARRIVED, BOOKED_AHEAD_DAYS, BOOKINGS_PER_DAY, People

SLOTS = [f"{h:02d}:{m:02d}" for h in range(8, 17) for m in (0, 30) if (h, m) >= (8, 30)]  # 08:30 .. 16:30
FOLLOW_UPS_PER_STORE = round(BOOKINGS_PER_DAY * ARRIVED)  # the cars a day finishes
LAPSING_PER_STORE = 12  # 4 of each lapse age
KINDS = {"reminder": 5, "booking_confirmed": 2, "follow_up": 2, "lapse_invitation": 2, "late": 2, "no_show": 2,
         "service_started": 1, "ready_for_pickup": 1, "service_progress": 1, "service_delayed": 1,
         "pickup_notice": 1}  # the visit's notices, accepted in the same popup (without them the bench counted
# every pick-up notice of the simulated day as lost: no channel reached those customers)
_plates = iter(range(10**6))
SH = ZoneInfo("Asia/Shanghai")


def _plate() -> str:
    n = next(_plates)
    return f"沪{'ABCDEFGHJK'[n // 100_000]}{n % 100_000:05d}"


def _admin(chain_id: str) -> Any:
    from chalicelib.domain.people.staff import Role, StaffAccess

    return StaffAccess("bench-admin", chain_id, Role.CHAIN_ADMIN, frozenset())


def _customer(svc, chain_id: str, name: str) -> Any:  # type: ignore[no-untyped-def]
    from chalicelib.domain.people.principal import Principal

    who = Principal(svc.ports.customers.sign_in(chain_id, f"openid-{name}", None, svc.clock.now()), chain_id, "customer")
    svc.ports.customers.add_subscriptions(chain_id, who.subject, KINDS)
    return who


def _book(svc, who, store_id: str, start: datetime, plate: str) -> Any:  # type: ignore[no-untyped-def]
    from chalicelib.domain import validation

    req = validation.booking_request({
        "store_id": store_id, "start": start.isoformat(), "service_type": "maintenance",
        "customer": {"name": "顾客", "phone": "13800138000"},
        "vehicle": {"plate": plate, "model": "Mazda 6", "mileage": 30000},
    })
    return svc.booking.book_online(who, req, f"k-{plate}-{start:%m%d%H%M}")[0]


def seed_chain(svc, stores: int, rng: random.Random, day: datetime, per_store_day: int) -> People:  # type: ignore[no-untyped-def]
    """The chain as it stands on the evening two days before `day` (the day measured): the bookings for the
    warm-up day and for `day` made then (most confirmed, bench/store_day.py), the visits finished that day whose
    follow-ups fall due on `day`, and the lapsing customers; the people's plan for the days walked."""
    from chalicelib.domain.messaging.messages import MESSAGE_KINDS
    from chalicelib.domain.tenancy.chain import Chain
    from devstack.seed import demo_store

    chain_id = "bench"
    svc.ports.stores.put_chain(Chain(chain_id, "压测集团", mp_appid="wxbench", mp_secret_ref=svc.settings.jwt_secret_param,
                                     templates={k: f"sub-{k}" for k in MESSAGE_KINDS}))
    ids = [f"s{n:03d}" for n in range(stores)]
    for n, store_id in enumerate(ids):
        svc.ports.stores.put(demo_store(store_id, f"上海{n}店", chain_id=chain_id, capacity_per_slot=4, walk_in_reserve=0.0,
                                        labour_hours={}, city="上海", location=(31.0 + n / 200, 121.4 + n / 300)))
    people = People(rng, _admin(chain_id), chain_id, ids)
    _follow_ups(svc, chain_id, ids, day)
    made_at = day - timedelta(days=2) + timedelta(hours=17)  # the evening before the warm-up day
    svc.ports.clock.set(made_at)
    for offset in (-1, 0):
        date = (day + timedelta(days=offset)).date()
        for store_id in ids:
            for i in range(per_store_day):
                booking, who = _booking(svc, chain_id, store_id, date, i)
                people.booked(svc, who, booking, made_at)
                people.visit(booking)
    people.catch_up(svc, day - timedelta(days=1))  # that evening's confirmations
    _lapsing(svc, chain_id, ids, day)
    return people


def new_bookings(svc, people: People, day: datetime, per_store_day: int) -> None:  # type: ignore[no-untyped-def]
    """The day's online bookings, spread over the store's opening hours, for BOOKED_AHEAD_DAYS ahead."""
    date = (day + timedelta(days=BOOKED_AHEAD_DAYS)).date()
    opening = day + timedelta(hours=8, minutes=30)
    for store_id in people.stores:
        for i in range(per_store_day):
            when = opening + timedelta(minutes=8 * 60 * i // per_store_day)

            def book(s, store_id=store_id, i=i, when=when):  # type: ignore[no-untyped-def]
                booking, who = _booking(s, people.chain_id, store_id, date, i)
                people.booked(s, who, booking, when)

            people.at(when, book)


def _booking(svc, chain_id: str, store_id: str, date, i: int):  # type: ignore[no-untyped-def]
    hhmm = SLOTS[i % len(SLOTS)]
    start = datetime.fromisoformat(f"{date}T{hhmm}:00").replace(tzinfo=SH)
    who = _customer(svc, chain_id, f"{store_id}-{date}-{i}")
    return _book(svc, who, store_id, start, _plate()), who


def _follow_ups(svc, chain_id: str, ids: list[str], day: datetime) -> None:  # type: ignore[no-untyped-def]
    """The cars finished two days before `day`, as many as a day finishes: their follow-ups fall due on `day`."""
    visit_day = (day - timedelta(days=2)).date()
    svc.ports.clock.set(day - timedelta(days=3, hours=-10))
    made = sorted((_book(svc, _customer(svc, chain_id, f"{s}-visit-{i}"), s,
                         datetime.fromisoformat(f"{visit_day}T{SLOTS[i % len(SLOTS)]}:00").replace(tzinfo=SH), _plate())
                   for s in ids for i in range(FOLLOW_UPS_PER_STORE)), key=lambda b: b.start)
    for booking in made:
        svc.ports.clock.set(booking.start)
        for action in ("check-in", "start", "complete"):
            svc.staff_ops.act(_admin(chain_id), booking.booking_id, action)


def _lapsing(svc, chain_id: str, ids: list[str], day: datetime) -> None:  # type: ignore[no-untyped-def]
    from chalicelib.adapters.dynamo import keys
    from chalicelib.adapters.dynamo.models import CustomerModel
    from chalicelib.domain.followup import lapse

    with CustomerModel.batch_write() as batch:
        for store_id in ids:
            for i in range(LAPSING_PER_STORE):
                stage, months = lapse.STAGES[i % 3]
                cid = f"c_lapse_{store_id}_{i}"
                visit = lapse.add_months(day.date(), -months)
                at = keys.utc_iso(lapse.stage_at(stage, visit, day.tzinfo, cid))  # type: ignore[arg-type]
                batch.save(CustomerModel(chain_id, cid, openid=f"openid-{cid}", name="老客", phone="13900139000",
                                         subscriptions=dict(KINDS), last_visit=visit.isoformat(), home_store=store_id,
                                         last_plate="沪E00000", lapse_stage=stage, lapse_at=at, lapse_day=at[:10],
                                         created_at=day.isoformat()))
