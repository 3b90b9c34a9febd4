"""The world the machine acts on: the use cases on the in-memory fakes (container.memory_ports), one chain with
one small store (two places a slot, so slots fill and walk-ins queue), a manager and two advisors, three WeChat
customers and two phone-only numbers; every message the outbox marks sent, with when and over which channel;
and time, moved forward through the scheduled checks as they are deployed: each entry of chalicelib.jobs.CHECKS
runs (dispatch, then the workers drained in-process) when its cadence comes round."""
from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from chalicelib import container
from chalicelib.adapters.clock import FixedClock
from chalicelib.adapters.dynamo.keys import DUE_SHARDS
from chalicelib.adapters.memory.queue import DELAYED
from chalicelib.adapters.memory.state import MemoryState
from chalicelib.bundle import Services
from chalicelib.config import Settings
from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.floor.tasks import CallTask
from chalicelib.domain.messaging.messages import MESSAGE_KINDS
from chalicelib.domain.messaging.outbox import OutboxRecord
from chalicelib.domain.people.customer import customer_id_for, phone_customer_id
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role, StaffAccess
from chalicelib.domain.people.staff_member import StaffMember
from chalicelib.domain.tenancy.chain import Chain
from chalicelib.domain.tenancy.store import Store
from chalicelib.jobs import CHECKS, Cadence, DailyAt, Every
from devstack.seed import DEMO_PLAN, demo_store
from tests.conftest import SHANGHAI

from . import payments

START = datetime(2026, 11, 23, 8, 0, tzinfo=SHANGHAI)  # a Monday, before the store opens at 08:30
CHAIN = "life-chain"
STORE = "pudong"
CAPACITY = 2  # places a slot: two bookings fill it
LABOUR = {"pm": 6.0, "gr": 8.0}  # planned hours a day: a busy day runs out
WECHAT = {"alice": "13800000001", "bob": "13800000002", "carol": "13800000003"}  # name -> the phone they give
AGREED = ("alice", "bob")  # agreed to invitations from the start (set_consent may withdraw it)
PHONE_ONLY = ("13900000004", "13900000005")  # numbers only ever booked by staff
PHONES = (*WECHAT.values(), *PHONE_ONLY)
PLATES = ("沪A10001", "沪A10002", "沪AD10003", "沪B10004")
NEW_CAR = "沪AF20001"  # a new car: its bookings carry its purchase date, so it gets a first-service invitation
NEW_CAR_BOUGHT = date(2026, 9, 15)
STAFF = {"mgr": Role.STORE_MANAGER, "anna": Role.ADVISOR, "bo": Role.ADVISOR}
MANAGER_PHONE = "13700000009"  # the evening reports go to the manager by SMS
SETTLE_TICKS = 4  # after a jump, the minute checks keep ticking (a minute apart) while they still find work
GATHER = timedelta(hours=3)  # weeks passing: due ticks this close together make one stop (the later)


def cadence_fires(cadence: Cadence, before: datetime, now: datetime) -> bool:
    """Whether a schedule of this cadence ticks in (before, now]: Every(m) at each m-th minute since the epoch,
    DailyAt at its UTC time of day (as EventBridge's rate() and cron() do)."""
    if isinstance(cadence, Every):
        return int(now.timestamp() // 60) // cadence.minutes > int(before.timestamp() // 60) // cadence.minutes
    assert isinstance(cadence, DailyAt)
    moment = datetime.combine(now.astimezone(UTC).date(), time(cadence.hour, cadence.minute), tzinfo=UTC)
    if moment > now:
        moment -= timedelta(days=1)
    return before < moment <= now


def next_tick(cadence: Cadence, at: datetime) -> datetime:
    """The first tick of a schedule at or after `at`."""
    if isinstance(cadence, Every):
        step = cadence.minutes * 60
        return datetime.fromtimestamp(math.ceil(at.timestamp() / step) * step, tz=UTC).astimezone(SHANGHAI)
    assert isinstance(cadence, DailyAt)
    moment = datetime.combine(at.astimezone(UTC).date(), time(cadence.hour, cadence.minute), tzinfo=UTC)
    return (moment if moment >= at else moment + timedelta(days=1)).astimezone(SHANGHAI)


@dataclass(frozen=True)
class Sent:
    """A message the outbox marked sent: which, over which channel, at what time, in which round of checks (0:
    sent by the action that caused it)."""

    key: str
    kind: str
    channel: str
    at: datetime
    round: int
    booking_id: str | None
    customer_id: str
    booking: Booking | None  # as it was when the message went
    attempts: int  # 1 when it went on its first try


@dataclass(frozen=True)
class CheckRun:
    name: str
    at: datetime
    round: int
    counts: dict[str, int]
    live: frozenset[str] = frozenset()  # the bookings still to come when it ran (pending or confirmed)


@dataclass
class World:
    clock: FixedClock = field(default_factory=lambda: FixedClock(START))
    sent: list[Sent] = field(default_factory=list)
    runs: list[CheckRun] = field(default_factory=list)
    round: int = 0  # rounds of checks so far
    last_run: dict[str, datetime] = field(default_factory=dict)  # check -> when it last ran
    settled: bool = True  # the minute checks found nothing more to do when time last stopped
    last_tick: datetime = START  # when the schedules last came round (actions take a second each meanwhile)

    def __post_init__(self) -> None:
        ports = container.memory_ports(self.clock)
        self.merchant, self.ledger = payments.merchant()  # deposits by WeChat Pay: the stand-in, a merchant of its own
        ports.payments = payments.gateway(self.merchant, self.clock)
        self.svc: Services = container.use_cases(Settings.from_env({}), ports)
        self.delayed: list[datetime] = []  # when items sent to a queue with a delay become visible
        self._record_delays()
        self.state: MemoryState = self.svc.ports.bookings._state  # type: ignore[attr-defined]
        self._deterministic()
        self._open_shop()
        self._record_sends()
        self._tick(START - timedelta(days=1), START)  # the schedules have been running all along

    def act(self) -> datetime:
        """An action takes a second: no two happen at the same instant, as with a real clock."""
        self.clock.advance(seconds=1)
        return self.now

    # --- the world ------------------------------------------------------------------------------------
    def _deterministic(self) -> None:
        """The same steps must make the same world (Hypothesis replays and shrinks sequences), so nothing may
        depend on chance or thread timing: booking ids are counted (a follow-up's moment hashes its booking's id),
        and the checks run as a deployment with one due shard (APPT_DUE_SHARDS=1) and one sender per worker would:
        items are dispatched, done and sent in one order, so an injected channel failure always hits the same
        message. The real dispatcher, workers and batches still do every item."""
        ids = itertools.count(1)

        def new_id() -> str:
            return f"b_{next(ids):032x}"

        ops = self.svc.staff_ops
        self.svc.booking._new_id = ops._new_id = ops.walk_ins._new_id = new_id  # type: ignore[attr-defined]
        self.svc.fanout._senders = 1  # type: ignore[attr-defined]
        bookings = self.svc.ports.bookings
        pages = bookings.due_pages

        def one_shard(check: str, shard: int, hour: datetime, now: datetime, page_size: int = 100) -> Iterator[list[Any]]:
            found = [d for each in range(DUE_SHARDS) for page in pages(check, each, hour, now, page_size) for d in page]
            yield from (found[n:n + page_size] for n in range(0, len(found), page_size)) if found else iter([[]])

        bookings.due_shards = lambda: 1  # type: ignore[method-assign]
        bookings.due_pages = one_shard  # type: ignore[method-assign]

    def _open_shop(self) -> None:
        ports = self.svc.ports
        ports.stores.put_chain(Chain(
            CHAIN, "生命周期集团", mp_appid="wxlife", mp_secret_ref="/appt/test/mp-secret",
            templates={k: f"sub-{k}" for k in MESSAGE_KINDS}, sms={f"template.{k}": f"sms-{k}" for k in MESSAGE_KINDS}))
        ports.stores.put(demo_store(STORE, "浦东店", chain_id=CHAIN, capacity_per_slot=CAPACITY, walk_in_reserve=0.0,
                                    labour_hours=dict(LABOUR), plan=DEMO_PLAN))
        for username, role in STAFF.items():
            ports.staff.create(StaffMember(CHAIN, username, f"{username}顾问", role, frozenset({STORE}),
                                           ports.passwords.hash(f"{username}-pass")))
        ports.staff.set_contact(CHAIN, "mgr", phone=MANAGER_PHONE, oa_openid=None)
        for name in WECHAT:
            subject = ports.customers.sign_in(CHAIN, f"openid-{name}", None, self.clock.now())
            if name in AGREED:
                ports.customers.set_marketing(CHAIN, subject, True, self.clock.now())

    def _record_delays(self) -> None:
        """An item sent with a delay (the close of a deposit order left unpaid) is released at its moment."""
        queue = self.svc.ports.queue
        send = queue.send

        def sent(name: str, bodies: Any, delays: Any = None) -> None:
            send(name, bodies, delays)
            self.delayed += [self.clock.now() + timedelta(seconds=d) for d in delays or () if d]

        queue.send = sent  # type: ignore[method-assign]

    def delayed_items(self, queue: str) -> int:
        """Items of the queue still hidden by their delay."""
        with self.svc.ports.queue._lock:  # type: ignore[attr-defined]
            return sum(1 for _, at in self.svc.ports.queue._items.get(queue, {}).values() if at == DELAYED)  # type: ignore[attr-defined]

    def _record_sends(self) -> None:
        """Every `sent` the outbox is told, with the time and the round (the notifier, the report delivery and the
        send workers all hold this one outbox)."""
        outbox = self.svc.ports.outbox
        marked = outbox.sent

        def sent(dedupe_key: str, channel: str, provider_id: str, now: datetime) -> None:
            marked(dedupe_key, channel, provider_id, now)
            record = outbox.get(dedupe_key)
            assert record is not None
            booking = self.svc.ports.bookings.get(record.booking_id) if record.booking_id else None
            self.sent.append(Sent(dedupe_key, record.kind, channel, self.clock.now(), self.round, record.booking_id,
                                  record.customer_id, booking, record.attempts))

        outbox.sent = sent  # type: ignore[method-assign]

    @property
    def now(self) -> datetime:
        return self.clock.now()

    @property
    def store(self) -> Store:
        return self.svc.ports.stores.get(CHAIN, STORE)

    @property
    def today(self) -> date:
        return self.now.astimezone(SHANGHAI).date()

    @staticmethod
    def principal(name: str) -> Principal:
        return Principal(customer_id_for(CHAIN, f"openid-{name}"), CHAIN, "customer")

    @staticmethod
    def staff(username: str) -> StaffAccess:
        return StaffAccess(username, CHAIN, STAFF[username], frozenset({STORE}))

    @staticmethod
    def phone_customer(phone: str) -> str:
        return phone_customer_id(CHAIN, phone)

    def booking(self, booking_id: str) -> Booking:
        return self.svc.ports.bookings.get(booking_id)

    def bookings(self) -> list[Booking]:
        with self.state.lock:
            return [s.booking for s in self.state.bookings.values()]

    def messages(self) -> dict[str, tuple[OutboxRecord, datetime]]:
        """Every outbox record, with when it is next due."""
        with self.state.lock:
            return {k: (s.record, s.next_attempt_at) for k, s in self.state.outbox.items()}

    def tasks(self) -> list[CallTask]:
        with self.state.lock:
            return list(self.state.tasks.values())

    def customer(self, customer_id: str) -> dict[str, Any]:
        with self.state.lock:
            return dict(self.state.customers.get((CHAIN, customer_id), {}))

    # --- time -----------------------------------------------------------------------------------------
    def pass_time(self, to: datetime) -> None:
        """The clock moves to `to` and every schedule that came round since runs once (a late run, when the gap
        is long: the checks were down and came back); then the minute checks tick on, a minute apart, while they
        still find steps to do, as the deployed schedule would."""
        before = self.last_tick
        assert to > self.now, (self.now, to)
        self._tick(before, to)
        for _ in range(SETTLE_TICKS):
            if not self._found_work():
                break
            before, to = to, to + timedelta(minutes=1)
            self._tick(before, to)
        self.settled = not self._found_work()

    def _found_work(self) -> bool:
        last = [r for r in self.runs if r.round == self.round and r.name in ("reminders", "lateness")]
        return any(r.counts.get("done", 0) for r in last)

    def _tick(self, before: datetime, now: datetime) -> None:
        self.clock.set(now)
        self.last_tick = now
        self.round += 1
        for name, check in CHECKS.items():
            if not cadence_fires(check.cadence, before, now):
                continue
            live = frozenset(b.booking_id for b in self.bookings()
                             if name == "reminders" and b.status.value in ("pending", "confirmed"))
            self.runs.append(CheckRun(name, now, self.round, dict(check.run(self.svc)), live))
            self.last_run[name] = now
        if any(at <= now for at in self.delayed):  # their delay passed: the workers take them
            self.delayed = [at for at in self.delayed if at > now]
            self.svc.ports.queue.release_delayed()  # type: ignore[attr-defined]
            self.runs.append(CheckRun("delayed", now, self.round, dict(self.svc.fanout.drain())))

    def pass_weeks(self, until: datetime, max_stops: int = 40) -> None:
        """Weeks go by with the schedules running: the clock stops at each tick that has something due (a
        booking's next step, a lapse stage, a vehicle's invitation, a message to retry, a call's deadline), those
        within a few hours of each other taken together. Ticks with nothing due are left out: they would find
        nothing, and no check ever looks further back for what was due than it would in production."""
        for _ in range(max_stops):
            ahead = sorted(t for t in self._due_ticks() if self.now < t < until)
            if not ahead:
                break
            self.pass_time(max(t for t in ahead if t <= ahead[0] + GATHER))
        self.pass_time(until)

    def _due_ticks(self) -> list[datetime]:
        with self.state.lock:
            steps = [(s.agenda.step.check, s.agenda.step.at) for s in self.state.bookings.values() if s.agenda]
            people = [("lapse", r["lapse_at"]) for r in self.state.customers.values() if r.get("lapse_at")]
            cars = [("lapse", r["due_at"]) for r in self.state.vehicles.values() if r.get("due_at")]
            retries = [("outbox", s.next_attempt_at) for s in self.state.outbox.values() if s.due]
            calls = [("task_escalation", t.deadline) for t in self.state.tasks.values() if t.is_open and not t.escalated_at]
        # only what falls due after the last tick: what was due by then was its to do (or is stuck, for the
        # properties to find), and must not hold the clock back
        # (a step an action filed after the last tick, due by now, is the next tick's)
        soon = self.now + timedelta(seconds=1)
        released = [at for at in self.delayed if at > self.last_tick]
        return [next_tick(CHECKS[check].cadence, max(at, soon)) for check, at in steps + people + cars + retries + calls
                if at > self.last_tick] + [max(at, soon) for at in released]

