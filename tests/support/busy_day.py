"""A busy store-day for the counter's tests: a store taking five cars a slot, two advisors on duty, and `n`
phone bookings spread over the day's slots (every third one confirmed), each with its own customer, phone and
plate."""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.people.staff import Role, StaffAccess
from devstack.seed import demo_store
from tests.conftest import SHANGHAI

SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静磊军洋勇艳杰涛明超秀霞平刚桂英"
SERVICES = ("maintenance", "repair", "inspection", "first_service", "warranty")
ADVISORS = ("wang", "zhou")


def busy_store(svc, chain: str, store_id: str = "pudong", capacity: int = 5) -> StaffAccess:
    """The store at `capacity` cars a slot, its two advisors, and its manager's access."""
    from tests.e2e.test_staff_api import add_staff

    svc.ports.stores.put(demo_store(store_id, "浦东店", chain_id=chain, capacity_per_slot=capacity,
                                    walk_in_reserve=0.0, labour_hours={}))
    for username in ADVISORS:
        add_staff(chain, username, Role.ADVISOR, {store_id})
    add_staff(chain, "mgr", Role.STORE_MANAGER, {store_id})
    return StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({store_id}))


def plate(i: int) -> str:
    return f"沪{'ABCDEFGHJK'[i % 10]}{(i * 7919 + 12345) % 100000:05d}"


def phone(i: int) -> str:
    return f"139{(i * 104729 + 5555) % 100000000:08d}"


def name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES) + i) % len(GIVEN)]


def fill_day(svc, who: StaffAccess, day: str, n: int, store_id: str = "pudong") -> list[Booking]:
    """`n` phone bookings from 08:30 on, one slot after another and round again."""
    first = datetime.fromisoformat(f"{day}T08:30:00").replace(tzinfo=SHANGHAI)
    made = []
    for i in range(n):
        start = first + timedelta(minutes=30 * (i % 18))
        request = staff_requests.staff_booking_request({
            "start": start.isoformat(), "service_type": SERVICES[i % len(SERVICES)], "source": "phone",
            "customer": {"name": name(i), "phone": phone(i), "honorific": "先生" if i % 2 else "女士"},
            "vehicle": {"plate": plate(i), "model": "Mazda 6", "mileage": 20000 + i * 1000},
            "advisor": ADVISORS[i % 2],
        })
        booking = svc.staff_ops.book(who, store_id, request)
        if i % 3 == 0:
            booking = svc.staff_ops.act(who, booking.booking_id, "confirm")
        made.append(booking)
    return made
