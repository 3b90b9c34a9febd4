"""The scale bench's chain: N stores in 上海 with locations, 60 bookings per store-day for today and tomorrow
(booked yesterday, one customer each, with subscribe authorizations), a few visits completed two days ago
(their follow-ups fall due today), and customers of every lapse age (3, 6 and 9 months without a visit)."""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

SLOTS = [f"{h:02d}:{m:02d}" for h in range(8, 17) for m in (0, 30) if (h, m) >= (8, 30)]  # 08:30 .. 16:30
FOLLOW_UPS_PER_STORE = 6
LAPSING_PER_STORE = 12  # 4 of each lapse age
KINDS = {"reminder": 5, "booking_confirmed": 2, "follow_up": 2, "lapse_invitation": 2, "late": 2, "no_show": 2,
         "service_started": 1, "ready_for_pickup": 1, "service_progress": 1, "service_delayed": 1,
         "pickup_notice": 1}  # the visit's notices, accepted in the same popup (without them the bench counted
# every pick-up notice of the simulated day as lost: no channel reached those customers)
_plates = iter(range(10**6))


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


def seed_chain(svc, stores: int, rng: random.Random, day: datetime, per_store_day: int) -> dict[datetime, list[str]]:  # type: ignore[no-untyped-def]
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
    _follow_ups(svc, chain_id, ids, day)
    arrivals: dict[datetime, list[str]] = defaultdict(list)
    svc.ports.clock.set(day - timedelta(hours=16))  # yesterday 08:00
    for offset in (0, 1):
        date = (day + timedelta(days=offset)).date()
        for store_id in ids:
            for i in range(per_store_day):
                hhmm = SLOTS[i % len(SLOTS)]
                start = datetime.fromisoformat(f"{date}T{hhmm}:00").replace(tzinfo=day.tzinfo)
                who = _customer(svc, chain_id, f"{store_id}-{date}-{i}")
                booking = _book(svc, who, store_id, start, _plate())
                if offset == 0 and rng.random() < 0.9:  # most arrive, a few minutes early
                    arrivals[start - timedelta(minutes=rng.choice((5, 10, 15)))].append(booking.booking_id)
    _lapsing(svc, chain_id, ids, day)
    return arrivals


def _follow_ups(svc, chain_id: str, ids: list[str], day: datetime) -> None:  # type: ignore[no-untyped-def]
    visit = day - timedelta(days=2) + timedelta(hours=10)
    svc.ports.clock.set(visit - timedelta(days=1))
    made = [_book(svc, _customer(svc, chain_id, f"{s}-visit-{i}"), s, visit, _plate())
            for s in ids for i in range(FOLLOW_UPS_PER_STORE // 2) for _ in (0,)]
    made += [_book(svc, _customer(svc, chain_id, f"{s}-visit2-{i}"), s, visit + timedelta(minutes=30), _plate())
             for s in ids for i in range(FOLLOW_UPS_PER_STORE - FOLLOW_UPS_PER_STORE // 2)]
    svc.ports.clock.set(visit)
    for booking in made:
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


def arrive(svc, meter, arrivals: dict[datetime, list[str]], now: datetime, tick_minutes: int) -> None:  # type: ignore[no-untyped-def]
    """Staff check in the customers who arrived since the last tick (not a check: metered apart)."""
    meter.check = "staff"
    for minute in range(tick_minutes):
        for booking_id in arrivals.pop(now - timedelta(minutes=minute), []):
            svc.staff_ops.act(_admin("bench"), booking_id, "check-in")
    meter.check = "between"
