"""What the store floor does: staff move bookings through their life (confirm, check in, start, complete,
cancel, no-show, parts arrived), walk-ins come in (seated at once or queued) and are seated, and the call list
is worked (tasks claimed and closed)."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import multiple, precondition, rule

from chalicelib.domain import staff_requests
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.floor.tasks import OUTCOMES
from chalicelib.domain.people.staff import Role
from chalicelib.domain.tenancy import calendar

from .base import NAMES, Base, acting, phones, plates, services, vehicle
from .model import LIFECYCLE, LIVE, STAFF_MESSAGE, Tracked
from .world import STAFF, STORE

staff_members = st.sampled_from(sorted(STAFF))
actions = st.sampled_from((*LIFECYCLE, "parts-arrived"))


class FloorRules(Base):
    @rule(booking=Base.bookings, action=actions, by=staff_members)
    @acting
    def staff_act(self, booking: str, action: str, by: str) -> None:
        t = self.model.bookings[booking]
        before = set(self.world.messages())
        now = self.world.now
        done = self.attempt(self._act_refusal(t, action), lambda: self.svc.staff_ops.act(self.world.staff(by), booking,
                                                                                          action))
        if done is None:
            return
        if action == "parts-arrived":
            t.parts = "arrived"
            assert done.priority is not None and any(k == "parts_arrived" for k, _ in done.open_tasks)
        else:
            t.status = LIFECYCLE[action][1]
            t.queued_on = None
            assert done.status.value == t.status
        if action == "complete":
            t.completed_at = now
        kind = STAFF_MESSAGE.get(action)
        self.heard(before, booking, (kind,) if kind else (), now, action)
        if action in ("cancel", "no-show"):  # the store's cancellation or a no-show: a call to rebook
            assert any(k.startswith("rebook_") for k, _ in done.open_tasks), done.open_tasks

    @rule(booking=Base.bookings, minutes=st.sampled_from((-20, 0, 8, 25, 50)),
          upto=st.sampled_from(("check-in", "start", "complete", "complete")))
    def customer_arrives(self, booking: str, minutes: int, upto: str) -> None:
        """The customer comes, `minutes` after the booked time (the checks run until then), and the floor takes
        the booking as far as it goes: confirm, check in, start, complete (up to `upto`)."""
        t = self.model.bookings[booking]
        if t.start is not None and t.start + timedelta(minutes=minutes) > self.world.now:
            self.world.pass_time(t.start + timedelta(minutes=minutes))
            self.after_time()
        for action in ("confirm", "check-in", "start", "complete"):
            if self._act_refusal(self.model.bookings[booking], action) is None:
                self.staff_act(booking, action, "anna")
            if action == upto:
                return

    def _act_refusal(self, t: Tracked, action: str) -> str | None:
        """The lifecycle table, then what else a staff action needs (a time for a job to begin, the booking's day
        for a check-in)."""
        if action == "parts-arrived":
            return "parts_not_waiting" if t.parts != "waiting" else None if t.status in LIVE else "illegal_transition"
        if action == "no-show" and t.start is None:
            return "no_slot_yet"
        if self.model.illegal(t.booking_id, action):
            return "illegal_transition"
        if t.start is None and action != "confirm" and action != "cancel":
            return "no_slot_yet"
        if action == "check-in" and t.day != self.world.today:
            return "not_booking_day"
        return None

    # --- walk-ins -----------------------------------------------------------------------------------------
    @rule(target=Base.bookings, phone=phones, plate=plates, service=services)
    @acting
    def walk_in(self, phone: str, plate: str, service: str) -> Any:
        request = staff_requests.staff_booking_request({
            "service_type": service, "source": "walk_in", "customer": {"name": NAMES[phone], "phone": phone},
            "vehicle": vehicle(plate)})
        slot, expected = self._slot_under_way()
        seat = slot is not None and self.room(slot.start, None, service) is None
        came = self.attempt(expected, lambda: self.svc.staff_ops.walk_ins.arrive(self.world.staff("anna"), STORE, request))
        if came is None:
            return multiple()
        booking, seated = came
        assert seated == seat, f"seated {seated}, the model expected {seat}"
        assert booking.status.value == ("arrived" if seat else "pending")
        assert booking.start == (slot.start if seat and slot else None)
        if booking.customer_id == self.world.phone_customer(phone):
            self.model.phone_customers.add(booking.customer_id)
        self.model.track(booking)
        return booking.booking_id

    def _slot_under_way(self) -> tuple[calendar.Slot | None, str | None]:
        """The slot a walk-in takes now; None before opening (they queue); store_closed once it has closed."""
        try:
            return calendar.current_slot(self.world.store, self.world.now), None
        except ValidationError:
            later = [s for s in calendar.slots_on(self.world.store, self.world.today) if s.start > self.world.now]
            return None, (None if later else "store_closed")

    @precondition(lambda self: any(t.queued_on is not None and t.status == "pending" for t in self.model.bookings.values()))
    @rule()
    @acting
    def seat_next(self) -> None:
        """Seat the head of today's walk-in queue (first come, first seated: none of them has a priority)."""
        waiting = sorted((t for t in self.model.bookings.values()
                          if t.queued_on == self.world.today and t.status == "pending"), key=lambda t: t.since)
        slot, _ = self._slot_under_way()
        if not waiting:
            expected = "queue_empty"
        elif slot is None:
            expected = "store_closed"
        else:
            expected = self.room(slot.start, None, waiting[0].service_type)
        mgr = self.world.staff("mgr")
        seated = self.attempt(expected, lambda: self.svc.staff_ops.walk_ins.seat_next(mgr, STORE,
                                                                                      self.svc.staff_ops.visible_to(mgr)))
        if seated is None:
            return
        assert slot is not None and (seated.booking_id, seated.start) == (waiting[0].booking_id, slot.start)
        self.model.moved(seated.booking_id, slot.start, self.world.now)
        self.model.bookings[seated.booking_id].status = "arrived"

    # --- the call list --------------------------------------------------------------------------------------
    @precondition(lambda self: any(t.is_open for t in self.world.tasks()))
    @rule(by=staff_members, pick=st.integers(0, 20))
    @acting
    def claim_task(self, by: str, pick: int) -> None:
        who = self.world.staff(by)
        listed = self.svc.staff_desk.tasks(who, STORE)
        if not listed:
            return
        task = listed[pick % len(listed)]
        expected = None if task.assignee in (None, who.actor) else "task_claimed"
        claimed = self.attempt(expected, lambda: self.svc.staff_desk.claim_task(who, STORE, task.task_id))
        assert claimed is None or claimed.assignee == who.actor

    @precondition(lambda self: any(t.is_open for t in self.world.tasks()))
    @rule(by=staff_members, pick=st.integers(0, 20), outcome=st.sampled_from(OUTCOMES))
    @acting
    def close_task(self, by: str, pick: int, outcome: str) -> None:
        who = self.world.staff(by)
        listed = self.svc.staff_desk.tasks(who, STORE)
        if not listed:
            return
        task = listed[pick % len(listed)]
        mine = task.assignee in (None, who.actor) or STAFF[by] is not Role.ADVISOR
        closed = self.attempt(None if mine else "task_claimed",
                              lambda: self.svc.staff_desk.close_task(who, STORE, task.task_id, "called", outcome))
        if closed is None:
            return
        assert (closed.is_open, closed.outcome, closed.done_by) == (False, outcome, who.actor), closed
        if task.booking_id is not None:
            listing = self.world.booking(task.booking_id).open_tasks
            assert all(tid != task.task_id for _, tid in listing), "the booking still lists a task staff closed"
