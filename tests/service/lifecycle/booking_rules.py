"""What customers and the booking clerk do with bookings: book online (and retry the same request), book by
phone, book a job waiting for parts, move, cancel, acknowledge, give feedback. Each is called with the refusal
the model predicts (or none), and the model follows what it changed."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import multiple, precondition, rule

from chalicelib.domain import staff_requests, validation
from chalicelib.domain.booking.complaints import awaits_recheck_answer
from chalicelib.domain.booking.parts import minimum_deposit, parts_input
from chalicelib.domain.booking.policy import IDEMPOTENCY_WINDOW, MAX_ACTIVE_ONLINE_BOOKINGS

from .base import NAMES, Base, acting, customers, days_ahead, owners, phones, plates, services, slot_times, vehicle
from .model import LIVE, Tracked
from .world import STORE, WECHAT


class BookingRules(Base):
    last_online: tuple[Any, Any, str, str, datetime] | None = None  # (who, request, key, booking id, when)

    @rule(target=Base.bookings, who=customers, days=days_ahead, hhmm=slot_times, service=services, plate=plates)
    @acting
    def book_online(self, who: str, days: int, hhmm: str, service: str, plate: str) -> Any:
        start = self.slot(days, hhmm)
        principal = self.world.principal(who)
        request = validation.booking_request({
            "store_id": STORE, "start": start.isoformat(), "service_type": service,
            "customer": {"name": NAMES[WECHAT[who]], "phone": WECHAT[who]}, "vehicle": vehicle(plate)})
        key = self.model.idempotency_key()
        expected = self.window_refusal(start, customer=True) or self.room(start, None, service)
        if expected is None and self.model.upcoming_online(principal.subject) >= MAX_ACTIVE_ONLINE_BOOKINGS:
            expected = "too_many_bookings"
        before = set(self.world.messages())
        made = self.attempt(expected, lambda: self.svc.booking.book_online(principal, request, key))
        if made is None:
            return multiple()
        booking, new = made
        assert new and booking.status.value == "pending" and booking.start == start
        assert booking.contact_window == self.model.windows.get(principal.subject), "the booking lost the contact hours"
        self.model.track(booking)
        self.heard(before, booking.booking_id, (), start, "book online")  # nothing until staff confirm
        self.last_online = (principal, request, key, booking.booking_id, self.world.now)
        return booking.booking_id

    @precondition(lambda self: self.last_online is not None and self.world.now - self.last_online[4] < IDEMPOTENCY_WINDOW)
    @rule()
    @acting
    def book_online_again(self) -> None:
        """The network retries the last online booking (within the week its key is remembered): the same booking
        answers, nothing new is written."""
        assert self.last_online is not None
        principal, request, key, booking_id, _ = self.last_online
        replay = self.attempt(None, lambda: self.svc.booking.book_online(principal, request, key))
        assert replay is not None and (replay[0].booking_id, replay[1]) == (booking_id, False)

    @rule(target=Base.bookings, phone=phones, days=days_ahead, hhmm=slot_times, service=services, plate=plates,
          source=st.sampled_from(("phone", "proactive")), priority=st.sampled_from((None, "recall")),
          price=st.sampled_from((None, 450)))
    @acting
    def book_by_phone(self, phone: str, days: int, hhmm: str, service: str, plate: str, source: str,
                      priority: str | None, price: int | None) -> Any:
        start = self.slot(days, hhmm)
        body = {"start": start.isoformat(), "service_type": service, "source": source, "vehicle": vehicle(plate),
                "customer": {"name": NAMES[phone], "phone": phone, "honorific": "女士"},
                **({"priority": priority} if priority else {}), **({"estimate": {"price": price}} if price else {})}
        expected = self.window_refusal(start, customer=False) or self.room(start, None, service)
        return self._staff_booking(staff_requests.staff_booking_request(body), expected, priority)

    @rule(target=Base.bookings, phone=phones, plate=plates, service=services,
          estimate=st.sampled_from((None, 60_000, 240_000)), deposit=st.sampled_from((None, 30_000, 120_000)),
          expected_in=st.sampled_from((None, 3, -1)))
    @acting
    def book_waiting_for_parts(self, phone: str, plate: str, service: str, estimate: int | None, deposit: int | None,
                               expected_in: int | None) -> Any:
        body: dict[str, Any] = {"service_type": service, "source": "phone", "waiting_for_parts": True,
                                "customer": {"name": NAMES[phone], "phone": phone}, "vehicle": vehicle(plate)}
        when = self.world.today + timedelta(days=expected_in) if expected_in is not None else None
        body["parts"] = {"expected": when.isoformat() if when else None, "estimate_fen": estimate, "deposit_fen": deposit}
        if estimate and (deposit or 0) < minimum_deposit(estimate):
            try:
                parts_input(body, waiting=True)
            except validation.ValidationError as refused:
                assert refused.code == "deposit_required"
                return multiple()
            raise AssertionError(f"a deposit of {deposit} for parts at {estimate} fen was taken")
        parts = parts_input(body, waiting=True)
        expected = "invalid" if when is not None and when < self.world.today else None
        return self._staff_booking(staff_requests.staff_booking_request(body), expected, None, parts)

    def _staff_booking(self, request: Any, expected: str | None, priority: str | None, *parts: Any) -> Any:
        before_messages = set(self.world.messages())
        holder = self.svc.ports.vehicles.holder(self.world.store.chain_id, request.vehicle.plate)
        phone_id = self.world.phone_customer(request.customer.phone)
        flagged = {cid: bool(self.world.customer(cid).get("rebook_priority"))
                   for cid in {phone_id, holder, self.model.merged.get(phone_id)} if cid}
        booking = self.attempt(expected, lambda: self.svc.staff_ops.book(self.world.staff("mgr"), STORE, request, *parts))
        if booking is None:
            return multiple()
        owner = booking.customer_id
        assert owner in (phone_id, holder, self.model.merged.get(phone_id)), f"a phone booking went to {owner}"
        if flagged.get(owner):  # owed a rebooking: this booking carries it and spends the flag
            assert booking.priority == (priority or "rebook"), booking.priority
            assert not self.world.customer(owner).get("rebook_priority"), "the rebooking priority was not spent"
        if owner == phone_id:
            self.model.phone_customers.add(phone_id)
        self.model.track(booking)
        self.model.staff_bookings.append((booking.booking_id, owner, self.world.now))
        confirmed = request.estimate.price is not None and not request.waiting_for_parts
        assert booking.status.value == ("confirmed" if confirmed else "pending")
        told = (("booking_confirmed",) if confirmed else ()) + (
            (f"parts_expected#{parts[0].expected.isoformat()}@{self.world.now.isoformat()}",)
            if request.waiting_for_parts and parts and parts[0].expected else ())
        self.heard(before_messages, booking.booking_id, told, self.world.now,
                   "book by phone")
        return booking.booking_id

    # --- a booking's time -------------------------------------------------------------------------------
    @rule(booking=Base.bookings, who=owners, days=days_ahead, hhmm=slot_times)
    @acting
    def reschedule_own(self, booking: str, who: str, days: int, hhmm: str) -> None:
        t = self.model.bookings[booking]
        who = self.who(booking, who)
        start = self.slot(days, hhmm)
        expected = self._customer_refusal(t, who) or ("parts_not_arrived" if t.parts == "waiting" else None) \
            or (None if t.status in LIVE else "illegal_transition") \
            or self._cutoff(t) or self.window_refusal(start, customer=True) or self._same(t, start) \
            or self.room(start, t, t.service_type)
        self._move(t, start, expected, lambda: self.svc.booking.reschedule_own(self.world.principal(who), booking, start),
                   staff=False)

    @rule(booking=Base.bookings, days=days_ahead, hhmm=slot_times)
    @acting
    def reschedule_by_staff(self, booking: str, days: int, hhmm: str) -> None:
        t = self.model.bookings[booking]
        start = self.slot(days, hhmm)
        expected = ("parts_not_arrived" if t.parts == "waiting" else None) \
            or (None if t.status in LIVE else "illegal_transition") or self.window_refusal(start, customer=False) \
            or self._same(t, start) or self.room(start, t, t.service_type)
        self._move(t, start, expected, lambda: self.svc.staff_ops.reschedule(self.world.staff("bo"), booking, start),
                   staff=True)

    def _move(self, t: Tracked, start: Any, expected: str | None, call: Any, *, staff: bool) -> None:
        before = set(self.world.messages())
        moved = self.attempt(expected, call)
        if moved is None:
            return
        first = t.start is None  # a parts job's or a queued walk-in's first time
        if first and staff and t.status == "pending":
            t.status = "confirmed"  # staff agreed the time with the customer (docs/product-rules.md#parts-waitlist)
        assert moved.start == start and moved.status.value == t.status
        kinds: tuple[str, ...] = ("booking_rescheduled",) if not first else (
            ("booking_confirmed",) if t.status == "confirmed" else ())
        self.model.moved(t.booking_id, start, self.world.now)
        if t.parts == "arrived":
            t.parts = "scheduled"
        self.heard(before, t.booking_id, kinds, self.world.now, "reschedule")

    def _same(self, t: Tracked, start: Any) -> str | None:
        return "same_slot" if t.start == start else None

    def _customer_refusal(self, t: Tracked, who: str) -> str | None:
        """Someone else's booking is missing to a customer."""
        return None if t.customer_id == self.world.principal(who).subject else "booking_not_found"

    def _cutoff(self, t: Tracked) -> str | None:
        cutoff = timedelta(minutes=self.world.store.customer_cutoff_minutes)
        return "past_cutoff" if t.start is not None and self.world.now >= t.start - cutoff else None

    # --- what customers say about their booking --------------------------------------------------------
    @rule(booking=Base.bookings, who=owners)
    @acting
    def cancel_own(self, booking: str, who: str) -> None:
        t = self.model.bookings[booking]
        who = self.who(booking, who)
        expected = self._customer_refusal(t, who) or self._cutoff(t) or (None if t.status in LIVE else "illegal_transition")
        before = set(self.world.messages())
        if self.attempt(expected, lambda: self.svc.booking.cancel_own(self.world.principal(who), booking)) is None:
            return
        t.status, t.queued_on = "cancelled", None
        self.heard(before, booking, (), self.world.now, "cancel own")  # a customer's own cancellation sends nothing

    @rule(booking=Base.bookings, who=owners)
    @acting
    def acknowledge(self, booking: str, who: str) -> None:
        t = self.model.bookings[booking]
        who = self.who(booking, who)
        expected = self._customer_refusal(t, who) or (None if t.status in LIVE else "illegal_transition")
        done = self.attempt(expected, lambda: self.svc.booking.acknowledge_own(self.world.principal(who), booking))
        assert done is None or done.acknowledged_at is not None

    @precondition(lambda self: any(t.status == "completed" for t in self.model.bookings.values()))
    @rule(booking=Base.bookings, who=owners, score=st.integers(1, 5),
          comment=st.sampled_from((None, "很满意", "等太久了,要投诉")))
    @acting
    def feedback(self, booking: str, who: str, score: int, comment: str | None) -> None:
        t = self.model.bookings[booking]
        who = self.who(booking, who)
        # a resolved complaint's customer, asked again (docs/product-rules.md#complaints), answers once more
        asked_again = t.status == "completed" and awaits_recheck_answer(self.svc.ports.bookings.get(booking))
        expected = self._customer_refusal(t, who) or (None if t.status == "completed" else "not_completed") \
            or ("feedback_given" if t.feedback and not asked_again else None)
        given = self.attempt(expected, lambda: self.svc.booking.feedback_own(self.world.principal(who), booking, score,
                                                                              comment))
        if given is None:
            return
        t.feedback = True
        complaint = score <= 3 or comment == "等太久了,要投诉"
        opened = [k for k, _ in given.open_tasks if k == "follow_up_complaint"]
        assert bool(opened) == complaint, (score, comment, given.open_tasks)

