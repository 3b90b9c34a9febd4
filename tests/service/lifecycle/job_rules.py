"""What happens between check-in and pick-up: the advisor promises a hand-back time at check-in (or accepts the
computed one), the workshop checks progress, staff announce a delay (a reason and a later time), propose extra
work the customer answers item by item in the mini-program or the front desk takes on the phone, and set the
final bill. Each is called with the refusal the model predicts; jobs.py holds what the model believes of the job
and the properties checked after every step."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import initialize, multiple, precondition, rule

from chalicelib.domain.booking.extra_items import APPROVED, DECLINED, MAX_ITEMS, PROPOSED
from chalicelib.domain.booking.payment import DepositState
from chalicelib.domain.booking.progress import MAX_AHEAD
from chalicelib.domain.floor.extra_work import ExtraInput
from chalicelib.domain.staff_requests import StaffActionInput

from .base import Base, acting, owners
from .floor_rules import FloorRules, staff_members
from .jobs import UNDER_WAY, Item, Job, check_jobs, follow_check_ins
from .model import LIVE, Tracked

DELAYS = (-30, 0, 60, 24 * 60)  # minutes after the time promised now: a new time not later is refused


# which booking a job rule acts on: mostly one under way (or with extra work to answer), sometimes any booking
chosen = st.tuples(st.sampled_from(("job", "job", "job", "any")), st.integers(0, 3))


def _any_under_way(self: JobRules) -> bool:
    return any(t.status in UNDER_WAY for t in self.model.bookings.values())


class JobRules(FloorRules):
    def __init__(self) -> None:
        super().__init__()
        self.jobs: dict[str, Job] = {}

    def _job(self, t: Tracked) -> Job | None:
        follow_check_ins(self.world, self.model, self.jobs)
        return self.jobs.get(t.booking_id)

    def _pick(self, booking: str, choice: tuple[str, int], *, answering: bool = False) -> Tracked:
        which, n = choice
        follow_check_ins(self.world, self.model, self.jobs)
        jobs = sorted(k for k, j in self.jobs.items() if self.model.bookings[k].status in UNDER_WAY
                      and (not answering or any(i.status == PROPOSED for i in j.items.values())))
        return self.model.bookings[jobs[n % len(jobs)] if jobs and which == "job" else booking]

    def _under_way(self, t: Tracked) -> str | None:
        return None if t.status in UNDER_WAY else "illegal_transition"

    @initialize(target=Base.bookings, visit=st.sampled_from((None, "maintenance", "repair")),
                minutes=st.sampled_from((45, 150, 26 * 60)))
    def a_visit_under_way(self, visit: str | None, minutes: int) -> Any:
        """Most lives begin with a job under way: booked by phone for 10:00 today (bob's number, which he then
        takes over in the mini-program, so he answers extra work there), checked in at 09:50 with the time the
        advisor gives (so the rules of the job have one to act on)."""
        if visit is None:
            return multiple()
        booking = self.book_by_phone(phone="13800000002", days=0, hhmm="10:00", service=visit, plate="沪A10002",
                                     source="phone", priority=None, price=450)
        self.link_phone(who="bob", phone="13800000002", plate="沪A10002")  # type: ignore[attr-defined]
        self.world.pass_time(self.slot(0, "09:50"))
        self.after_time()
        self.check_in_promising(booking, minutes, "anna")
        assert self.model.bookings[booking].status == "arrived"
        return booking

    @precondition(lambda self: any(t.status in LIVE and t.day == self.world.today for t in self.model.bookings.values()))
    @rule(booking=Base.bookings, minutes=st.sampled_from((-5, 45, 150, 26 * 60)), by=staff_members)
    @acting
    def check_in_promising(self, booking: str, minutes: int, by: str) -> None:
        """The advisor checks the customer in and gives the hand-back time: one not later than now is refused
        and nothing is checked in."""
        t = self.model.bookings[booking]
        given = self.world.now + timedelta(minutes=minutes)
        expected = self._act_refusal(t, "check-in") or ("in_the_past" if minutes <= 0 else None)
        before = set(self.world.messages())
        done = self.attempt(expected, lambda: self.svc.staff_ops.act(self.world.staff(by), booking, "check-in",
                                                                      StaffActionInput(promised=given)))
        if done is None:
            return
        t.status, t.queued_on = "arrived", None
        self.heard(before, booking, (), self.world.now, "check-in")  # check-in says nothing
        job = self._job(t)
        assert job is not None and job.at == given, (job, given)

    @precondition(_any_under_way)
    @rule(booking=Base.bookings, choice=chosen, by=staff_members, note=st.sampled_from((None, "按计划进行")))
    @acting
    def progress_check(self, booking: str, choice: tuple[str, int], by: str, note: str | None) -> None:
        t = self._pick(booking, choice)
        booking = t.booking_id
        before = set(self.world.messages())
        done = self.attempt(self._under_way(t), lambda: self.svc.job_progress.check(self.world.staff(by), booking, note))
        if done is not None:
            # keyed by the moment and the version the change wrote: two in one second are two messages
            self.heard(before, booking, (f"service_progress#{self.world.now.isoformat()}#v{done.version}",),
                       self.world.now, "progress check")

    @precondition(_any_under_way)
    @rule(booking=Base.bookings, choice=chosen, later=st.sampled_from(DELAYS), reason=st.sampled_from(("等配件到货", " ")))
    @acting
    def delay(self, booking: str, choice: tuple[str, int], later: int, reason: str) -> None:
        t = self._pick(booking, choice)
        booking = t.booking_id
        job = self._job(t)
        now = self.world.now
        new_time = (job.at if job else now) + timedelta(minutes=later)
        expected = self._under_way(t) or ("invalid" if not reason.strip() else None) \
            or ("in_the_past" if new_time <= now else None) or ("invalid" if new_time > now + MAX_AHEAD else None) \
            or ("not_later" if later <= 0 else None)
        before = set(self.world.messages())
        done = self.attempt(expected, lambda: self.svc.job_progress.delay(self.world.staff("anna"), booking, reason,
                                                                          new_time))
        if done is None:
            return
        assert job is not None
        job.at = new_time
        self.heard(before, booking, (f"service_delayed#{now.isoformat()}#v{done.version}",), now, "delay")

    # --- extra work --------------------------------------------------------------------------------------
    @precondition(_any_under_way)
    @rule(booking=Base.bookings, choice=chosen, price=st.sampled_from((30_000, 88_800)), minutes=st.sampled_from((0, 45, 180)),
          by=staff_members)
    @acting
    def propose_extra(self, booking: str, choice: tuple[str, int], price: int, minutes: int, by: str) -> None:
        t = self._pick(booking, choice)
        booking = t.booking_id
        job = self._job(t)
        expected = self._under_way(t) or ("too_many_items" if job and len(job.items) >= MAX_ITEMS else None)
        given = ExtraInput("更换刹车片", "刹车片磨损到极限", 1.0, "刹车片一套", price, minutes)
        before = set(self.world.messages())
        done = self.attempt(expected, lambda: self.svc.extra_work.propose(self.world.staff(by), booking, given))
        if done is None:
            return
        assert job is not None
        item_id = f"x{len(job.items) + 1}"
        job.items[item_id] = Item(price, minutes, proposed_at=self.world.now)
        assert done.extra_work[-1].item_id == item_id and done.extra_work[-1].status == PROPOSED
        self.heard(before, booking, (f"extra_work_proposed#{item_id}",), self.world.now, "propose extra work")

    @precondition(lambda self: any(j.items for j in self.jobs.values()))
    @rule(booking=Base.bookings, choice=chosen, pick=st.integers(1, 3), approve=st.booleans(), who=owners,
          by=st.sampled_from(("mini-program", "anna", "mgr")), said=st.sampled_from(("车主本人电话同意", "")),
          told=st.booleans())
    @acting
    def answer_extra(self, booking: str, choice: tuple[str, int], pick: int, approve: bool, who: str, by: str, said: str,
                     told: bool) -> None:
        """The customer's yes or no to one item: in the mini-program, or on the phone to the front desk (who
        records who said what, and perhaps when the customer was told)."""
        t = self._pick(booking, choice, answering=True)
        booking = t.booking_id
        job = self._job(t)
        item_id = f"x{pick}"
        item = job.items.get(item_id) if job else None
        now = self.world.now
        call: Any
        if by == "mini-program":
            who = self.who(booking, who)
            guard = None if t.customer_id == self.world.principal(who).subject else "booking_not_found"
            call = lambda: self.svc.extra_work.answer(self.world.principal(who), booking, item_id, approve)  # noqa: E731
        else:
            guard = None
            told_at = now if told else None
            call = lambda: self.svc.extra_work.phone_answer(self.world.staff(by), booking, item_id, approve, said,  # noqa: E731
                                                            told_at)
        expected = guard or ("extra_item_not_found" if item is None else None) \
            or ("already_answered" if item and item.status != PROPOSED else None) or self._under_way(t) \
            or ("invalid" if by != "mini-program" and not said else None)
        before = set(self.world.messages())
        done = self.attempt(expected, call)
        if done is None:
            return
        assert job is not None and item is not None
        item.status = APPROVED if approve else DECLINED
        if approve and item.minutes:
            job.at += timedelta(minutes=item.minutes)  # agreed with the customer: not a delay
        self.heard(before, booking, (), now, "answer extra work")  # an answer sends nothing

    # --- the bill ------------------------------------------------------------------------------------------
    @precondition(lambda self: bool(self.jobs))
    @rule(booking=Base.bookings, choice=chosen, labour=st.sampled_from((0, 45_000, 120_000)), parts=st.sampled_from((0, 88_800)),
          by=staff_members)
    @acting
    def set_bill(self, booking: str, choice: tuple[str, int], labour: int, parts: int, by: str) -> None:
        t = self._pick(booking, choice)
        booking = t.booking_id
        job = self._job(t)
        paid = self.world.booking(booking).balance
        unchanged = job is not None and job.final == (labour, parts)
        expected = ("illegal_transition" if t.status not in (*UNDER_WAY, "completed") else None) \
            or (None if unchanged or paid is None or paid.state is not DepositState.PAID else "bill_paid")
        before = set(self.world.messages())
        bill = self.attempt(expected, lambda: self.svc.bills.set_final(self.world.staff(by), booking, labour, parts))
        if bill is None:
            return
        assert job is not None
        job.final = (labour, parts)
        after = self.world.booking(booking).balance  # an order open for the old amounts was closed first
        assert unchanged or after is None or after.state is not DepositState.ORDERED, after
        self.heard(before, booking, (), self.world.now, "set the bill")

    def job_seen(self) -> list[str]:
        """What the examples reached of jobs (bench/lifecycle.py --coverage)."""
        b = self.world.booking
        return [*(f"job {'delayed' if b(k).events and any(e.kind == 'delayed' for e in b(k).events) else 'on time'}"
                  for k in self.jobs),
                *(f"extra item {i.status}" for j in self.jobs.values() for i in j.items.values()),
                *("bill final set" for j in self.jobs.values() if j.final)]

    def check_jobs(self) -> None:
        check_jobs(self.world, self.model, self.jobs)
