"""What every rule uses: the world and the model, calling a use case with the refusal the model predicts, the
slots the rules pick from, and the model's predictions of refusals that depend on time and capacity."""
from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any, TypeVar

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine

from chalicelib.domain.booking.payment import DepositState
from chalicelib.domain.errors import DomainError
from chalicelib.domain.tenancy import calendar

from .known import Tally
from .model import LATE_FOR_NO_SHOW, LIVE, Model, Tracked
from .world import AGREED, CHAIN, NEW_CAR, NEW_CAR_BOUGHT, PHONES, PLATES, SHANGHAI, WECHAT, World

T = TypeVar("T")

SLOTS = ("08:30", "09:00", "10:00", "14:00", "17:00")
customers = st.sampled_from(sorted(WECHAT))
# who acts on a booking in the mini-program: its owner mostly ("owner": the WeChat customer it belongs to, if any),
# or someone else, to whom it is missing
owners = st.sampled_from(("owner", "owner", "owner", *sorted(WECHAT)))
phones = st.sampled_from(PHONES)
plates = st.sampled_from((*PLATES, NEW_CAR))
days_ahead = st.integers(0, 3)
slot_times = st.sampled_from(SLOTS)
services = st.sampled_from(("maintenance", "repair", "inspection", "first_service", "beauty"))
NAMES = {phone: name for phone, name in zip(PHONES, ("李娜", "王强", "赵敏", "张伟", "陈静"), strict=True)}


def vehicle(plate: str) -> dict[str, Any]:
    car = {"plate": plate, "model": "Mazda 6", "mileage": 35000}
    return {**car, "purchase_date": NEW_CAR_BOUGHT.isoformat()} if plate == NEW_CAR else car


def acting(rule: Callable[..., T]) -> Callable[..., T]:
    """A rule that acts: it takes the world's clock a second on first, so no two actions share an instant."""

    @functools.wraps(rule)
    def act(self: Base, *args: Any, **kwargs: Any) -> T:
        self.world.act()
        return rule(self, *args, **kwargs)

    return act


class Base(RuleBasedStateMachine):
    bookings = Bundle("bookings")

    def __init__(self) -> None:
        super().__init__()
        self.world = World()
        self.model = Model()
        self.model.consent.update({self.world.principal(name).subject: True for name in AGREED})
        self.tally = Tally()
        self.checked_round = 0

    @property
    def svc(self) -> Any:
        return self.world.svc

    def attempt(self, expected: str | None, call: Callable[[], T]) -> T | None:
        """Call a use case the model expects to succeed (None) or to refuse with the code it names; a refusal
        must leave no booking and no message behind."""
        before = (len(self.world.bookings()), set(self.world.messages()))
        try:
            result = call()
        except DomainError as refused:
            assert expected is not None, f"refused ({refused.code}: {refused.message}), the model expected it to pass"
            assert refused.code == expected, f"refused {refused.code} ({refused.message}), expected {expected}"
            assert (len(self.world.bookings()), set(self.world.messages())) == before, "a refusal wrote something"
            return None
        assert expected is None, f"the model expected {expected}, the system accepted: {result}"
        return result

    def heard(self, before: set[str], booking_id: str, kinds: tuple[str, ...], at: datetime, action: str) -> None:
        """The messages an action made are exactly the ones the model expects of it (a kind "k#occasion" names
        its occasion; else the moment is the occasion)."""
        for kind in kinds:
            self.model.expect(booking_id, kind, at, action)
        made = set(self.world.messages()) - before
        wanted = {f"{CHAIN}#{booking_id}#{k}" + ("" if "#" in k else f"#{at.isoformat()}") for k in kinds}
        assert made == wanted, f"{action} of {booking_id} made {sorted(made)}, the model expects {sorted(wanted)}"

    # --- time and capacity -----------------------------------------------------------------------------
    def who(self, booking_id: str, chosen: str) -> str:
        """The customer acting: the booking's WeChat owner for "owner" (alice when it has none), else the one chosen."""
        if chosen != "owner":
            return chosen
        owner = self.model.bookings[booking_id].customer_id
        return next((name for name in sorted(WECHAT) if self.world.principal(name).subject == owner), "alice")

    def slot(self, days: int, hhmm: str) -> datetime:
        return datetime.combine(self.world.today + timedelta(days=days), time.fromisoformat(hhmm), tzinfo=SHANGHAI)

    def released(self) -> set[str]:
        """Bookings whose place went to walk-ins after the grace period (the lateness check's doing)."""
        return {b.booking_id for b in self.world.bookings() if b.place_released}

    def window_refusal(self, start: datetime, *, customer: bool) -> str | None:
        """Why no booking may have this time now: past or too soon (for customers), a closed day; staff may
        book a slot until it ends. (The rules pick times at most three days ahead, inside the horizon.)"""
        now, store = self.world.now, self.world.store
        if customer:
            if start <= now:
                return "in_the_past"
            if start < now + timedelta(minutes=store.lead_time_minutes):
                return "too_soon"
        if calendar.closed_reason(store, start.date()):
            return "store_closed"
        if not customer and start + timedelta(minutes=store.slot_minutes) <= now:
            return "in_the_past"
        return None

    def room(self, start: datetime, tracked: Tracked | None, service_type: str) -> str | None:
        """slot_full or day_full for a booking taking a place at `start` (a moved one gives up its own)."""
        released = self.released()
        if tracked is not None:
            released.add(tracked.booking_id)  # it is moving: its own place does not count
            if tracked.day == start.date() and tracked.start is not None:
                return self.model.full(start, service_type, released, hours=0.0)
        return self.model.full(start, service_type, released,
                               hours=tracked.labour_hours if tracked is not None else None)

    def after_time(self) -> None:
        """What the checks may do to a booking by themselves: a booking still to come an hour after its start
        becomes a no-show (docs/product-rules.md#no-show), and must have once the lateness check ran past it."""
        lateness = self.world.last_run.get("lateness")
        for t in self.model.bookings.values():
            b = self.world.booking(t.booking_id)
            status = b.status.value
            if status != t.status and status == "cancelled" and b.payment is not None:
                # its deposit unpaid 30 minutes after the order: the parts request ends (docs/product-rules.md#deposit-payment)
                assert t.status in LIVE and b.payment.state is DepositState.CLOSED and b.payment.due_by <= self.world.now, \
                    f"{t.booking_id} was cancelled by itself, its deposit {b.payment}"
                t.status = status
            elif status != t.status:
                assert t.status in LIVE and status == "no_show" and t.start is not None \
                    and t.start + LATE_FOR_NO_SHOW <= self.world.now, \
                    f"{t.booking_id} went from {t.status} to {status} by itself (start {t.start}, now {self.world.now})"
                t.status = status
            elif t.status in LIVE and t.start is not None and lateness is not None and self.world.settled:
                assert t.start + LATE_FOR_NO_SHOW > lateness, \
                    f"{t.booking_id} at {t.start} is still {t.status} after the lateness run at {lateness}"
