"""The daily lapse run: invitations at 3 months without a visit, a near-lost call at 6, lost at 9; the vehicles'
first-service and maintenance-due invitations, and the call that chases an unanswered first-service one.

Fanned out, the run keeps a cursor per kind (`lapse#customer`, `lapse#vehicle`: "<due at>|<key>" of the
last item enqueued): each tick enqueues the items after it first, then, with what the dispatch limit leaves,
those before it that are still due (their worker failed or found them stale). Items that stay due therefore
never hold up the ones behind them."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime

from ...domain import codec
from ...domain.booking.booking import Booking
from ...domain.booking.ports import BookingStore, CouponStore
from ...domain.errors import NotFound
from ...domain.floor.task_rules import customer_task
from ...domain.followup import contact, invitation_coupons, invitations, lapse, maintenance
from ...domain.followup.lapse import LapseDue
from ...domain.followup.maintenance import VehicleDue
from ...domain.followup.ports import LapseStore, VehicleStore
from ...domain.messaging.outbox import OutboxRecord
from ...domain.people.customer import Customer
from ...domain.people.ports import CustomerStore
from ...domain.ports import Clock, Watermarks
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ..booking.changes import Announcer

OUTCOMES = ("due", "invited", "near_lost", "lost", "stale", "moot", "first_service_due", "maintenance_due",
            "first_service_unanswered")
CURSOR = "lapse"  # "lapse#customer", "lapse#vehicle": the last item the fanned-out run enqueued


class LapseService:
    def __init__(self, stores: StoreCatalog, lapses: LapseStore, vehicles: VehicleStore,
                 customers: CustomerStore, notifier: Announcer | None, clock: Clock,
                 bookings: BookingStore | None = None, cursors: Watermarks | None = None,
                 coupons: CouponStore | None = None) -> None:
        self._stores, self._lapses, self._vehicles, self._customers = stores, lapses, vehicles, customers
        self._notifier, self._clock, self._bookings, self._cursors = notifier, clock, bookings, cursors
        self._coupons = coupons

    def _give_coupon(self, kind: str, chain_id: str, customer_id: str, store: Store, now: datetime) -> None:
        """The coupon the chain attached to the invitation's kind, given to the customer before the invitation's own
        write (a claim made for them, once; docs/product-rules.md#invitation-coupons): a message never goes without
        it, and a repeated item gives nothing twice. The message itself never names it. One GetItem."""
        if self._coupons is None:
            return
        try:
            coupon = self._coupons.coupon(chain_id, invitation_coupons.coupon_id(kind))
        except NotFound:
            return
        if invitation_coupons.given(coupon, now.astimezone(store.tz).date()):
            self._coupons.claim(chain_id, coupon.coupon_id, customer_id, now)

    def _moot(self, kind: str, chain_id: str, customer: Customer | None, customer_id: str, plate: str | None) -> bool:
        """An invitation nobody should get: no consent (docs/product-rules.md#consent), or already booked
        (docs/product-rules.md#invitations). One Query of the customer's bookings, only for an invitation due."""
        return self._invitable(kind, chain_id, customer, customer_id, plate) is None

    def _invitable(self, kind: str, chain_id: str, customer: Customer | None, customer_id: str,
                   plate: str | None) -> list[Booking] | None:
        """The customer's bookings when the invitation should go, None when it is moot (see _moot)."""
        if customer is not None and not customer.may_invite():
            return None
        booked = self._bookings.for_customer(chain_id, customer_id) if self._bookings is not None else []
        return None if invitations.answered(kind, booked, plate) else booked

    @staticmethod
    def _greeted(message: OutboxRecord, booked: list[Booking]) -> OutboxRecord:
        """The invitation greets as the customer's latest booking did (林先生), the honorific being kept there."""
        honorific = invitations.honorific_of(booked)
        return replace(message, context={**message.context, "honorific": honorific}) if honorific else message

    def run(self) -> dict[str, int]:
        """Everything due in one go (what the dispatcher and its workers do, item by item)."""
        now = self._clock.now()
        counts = dict.fromkeys(OUTCOMES, 0)
        customers = self._lapses.due(now)
        counts["due"] = len(customers)
        outcomes = [self._customer_lapsing(d, now) for d in customers]
        outcomes += [self._vehicle_due(d, now) for d in self._vehicles.due(now)]
        for outcome in outcomes:
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    def due_items(self) -> Iterator[list[dict[str, str]]]:
        """Customers whose lapse stage is due, then vehicles whose invitation is, each in due order: first
        those after the kind's cursor, then those still due before it. Each item carries the index's copy,
        which the claim compares, so a stale or repeated item changes nothing."""
        now = self._clock.now()
        kinds: dict[str, list[tuple[str, LapseDue | VehicleDue]]] = {
            "customer": [(f"{d.at}|{d.chain_id}#{d.customer_id}", d) for d in self._lapses.due(now)],
            "vehicle": [(f"{d.at}|{d.chain_id}#{d.plate}", d) for d in self._vehicles.due(now)]}
        after = {kind: self._position(kind) for kind in kinds}
        for fresh in (True, False):
            for kind, due in kinds.items():
                yield [{"kind": kind, "due": codec.encode(d), **({"position": at} if fresh else {})}
                       for at, d in sorted(due, key=lambda pair: pair[0]) if (at > after[kind]) is fresh]

    def _position(self, kind: str) -> str:
        return (self._cursors.position(f"{CURSOR}#{kind}") if self._cursors is not None else None) or ""

    def enqueued(self, items: list[dict[str, str]]) -> None:
        """Each kind's cursor moves to the last of its items enqueued after it."""
        last = {item["kind"]: item["position"] for item in items if "position" in item}
        for kind, position in last.items():
            if self._cursors is not None:
                self._cursors.move(f"{CURSOR}#{kind}", position)

    def work(self, item: dict[str, str]) -> str:
        now = self._clock.now()
        if item["kind"] == "customer":
            return self._customer_lapsing(codec.decode(item["due"], LapseDue), now)
        return self._vehicle_due(codec.decode(item["due"], VehicleDue), now)

    def _vehicle_due(self, due: VehicleDue, now: datetime) -> str:
        """A first-service or maintenance-due invitation, a week before the date; or the call that chases a
        first-service invitation nobody answered."""
        try:
            store = self._stores.get(due.chain_id, due.store_id or "")
            customer = self._customers.get(due.chain_id, due.customer_id)
        except NotFound:
            return "stale"
        if due.kind == maintenance.FIRST_SERVICE_CHASE:
            return self._chase(due, store, customer, now)
        when = due.next_due or (
            lapse.add_months(date.fromisoformat(due.purchase_date), 3).isoformat() if due.purchase_date else None
        )
        message = OutboxRecord(
            dedupe_key=f"{due.chain_id}#{due.plate}#{due.kind}#{due.at}",
            chain_id=due.chain_id, customer_id=due.customer_id, kind=due.kind, store_id=store.store_id,
            context={"customer_name": customer.name or "", "store_name": store.name, "store_phone": store.phone,
                     "plate": due.plate, "service": "首保" if due.kind == "first_service_due" else "保养",
                     **({"due": when} if when else {}), **({"phone": customer.phone} if customer.phone else {})},
        )
        booked = self._invitable(due.kind, due.chain_id, customer, due.customer_id, due.plate)
        if booked is None:
            self._vehicles.invite(due, None, now)
            return "moot"
        message = self._greeted(message, booked)
        self._give_coupon(due.kind, due.chain_id, due.customer_id, store, now)
        if not self._vehicles.invite(due, message, now, then=self._chase_at(due, store, now)):
            return "stale"
        if self._notifier is not None:
            self._notifier.deliver_quietly(message.dedupe_key)
        return due.kind

    @staticmethod
    def _chase_at(due: VehicleDue, store: Store, now: datetime) -> tuple[str, datetime] | None:
        """After a first-service invitation: its chase, two weeks on at the car's moment of the contact window."""
        if due.kind != maintenance.FIRST_SERVICE:
            return None
        day = maintenance.first_service_chase(now.astimezone(store.tz).date())
        return maintenance.FIRST_SERVICE_CHASE, contact.spread(day, due.plate, store.tz)

    def _chase(self, due: VehicleDue, store: Store, customer: Customer, now: datetime) -> str:
        """The first-service invitation went unanswered: a call task, unless a maintenance service of the car is
        booked by now (one done would have replaced the chase with the next maintenance)."""
        if self._moot(due.kind, due.chain_id, customer, due.customer_id, due.plate):
            self._vehicles.invite(due, None, now)
            return "moot"
        deadline = maintenance.first_service_due(date.fromisoformat(due.purchase_date)).isoformat() \
            if due.purchase_date else None
        task = customer_task(store, due.customer_id, due.kind, now, occurrence=due.plate, name=customer.name,
                             phone=customer.phone, preferred=customer.contact_hours,
                             note=f"{due.plate} 首保邀请未回应" + (f"，首保截止 {deadline}" if deadline else ""))
        return due.kind if self._vehicles.invite(due, None, now, task=task) else "stale"

    def _customer(self, chain_id: str, customer_id: str) -> Customer | None:
        try:
            return self._customers.get(chain_id, customer_id)
        except NotFound:
            return None

    def _customer_lapsing(self, due: LapseDue, now: datetime) -> str:
        """The customer's next lapse stage: an invitation at 3 months, a call at 6, lost at 9."""
        try:
            store = self._stores.get(due.chain_id, due.home_store or "")
        except NotFound:
            return "stale"
        visit = date.fromisoformat(due.last_visit) if due.last_visit else now.date()
        nxt = lapse.following(due.stage)
        next_at = lapse.stage_at(nxt, visit, store.tz, due.customer_id) if nxt else None
        message = task = None
        moot = False
        if due.stage == "invite":
            message = OutboxRecord(
                dedupe_key=f"{due.chain_id}#{due.customer_id}#lapse_invitation#{due.last_visit}",
                chain_id=due.chain_id, customer_id=due.customer_id, kind="lapse_invitation", store_id=store.store_id,
                context={"customer_name": due.name, "store_name": store.name, "store_phone": store.phone,
                         "plate": due.last_plate or "", "service": "保养", "discount": store.recommended_discount,
                         # the date the invitation goes: a subscribe message's time field must not be empty
                         "due": now.astimezone(store.tz).date().isoformat(),
                         **({"phone": due.phone} if due.phone else {})},
            )
            booked = self._invitable("lapse_invitation", due.chain_id, self._customer(due.chain_id, due.customer_id),
                                     due.customer_id, None)
            if booked is None:
                message = None  # the stage still advances: the customer is on the proactive list
                moot = True
            else:
                message = self._greeted(message, booked)
                self._give_coupon("lapse_invitation", due.chain_id, due.customer_id, store, now)
        elif due.stage == "near_lost":
            found = self._customer(due.chain_id, due.customer_id)  # their contact preference: when to call
            task = customer_task(store, due.customer_id, "near_lost", now, occurrence=due.last_visit or "", name=due.name,
                                 phone=due.phone, preferred=found.contact_hours if found else None,
                                 note=f"上次到店 {due.last_visit}")
        if not self._lapses.advance(due, lapse.TIER_OF[due.stage], nxt, next_at, message, task, now):
            return "stale"
        if message is not None and self._notifier is not None:
            self._notifier.deliver_quietly(message.dedupe_key)
        return "moot" if moot else {"invite": "invited"}.get(due.stage, due.stage)
