"""QR check-in (docs/product-rules.md#qr-check-in): each store's mini-program code and its poster, the lobby
board's rotating code, and a customer's arrival: their booking of today checked in and its advisor told at
once (one booking change: the status and the staff notice commit together), or the walk-in queue."""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace

from ...domain.booking import decisions
from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.ports import BookingStore
from ...domain.errors import Conflict, NotFound
from ...domain.floor import arrivals, walk_ins
from ...domain.floor.arrivals import STAFF_CUSTOMER_ARRIVED
from ...domain.floor.ports import MiniProgramCodes, StoreCodes
from ...domain.messaging import staff_notices
from ...domain.messaging.staff_messages import report_link
from ...domain.people.ports import StaffStore
from ...domain.people.principal import Principal
from ...domain.people.staff import Role, StaffAccess
from ...domain.people.staff_member import StaffMember
from ...domain.ports import Clock
from ...domain.staff_requests import StaffBookingRequest
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ..booking.changes import BookingChanges, new_booking_id


@dataclass(frozen=True)
class Arrival:
    status: str  # "arrived" (a booking of today, checked in) or "queued" (the walk-in queue)
    booking: Booking
    proof: str  # location | lobby_code
    wait_minutes: int | None = None  # queued: the estimated wait
    ahead: int | None = None  # queued: how many wait before them

    def to_json(self) -> dict[str, object]:
        return {"status": self.status, "proof": self.proof, "booking": self.booking.to_json(),
                "wait_minutes": self.wait_minutes, "ahead": self.ahead}


class Arrivals:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, staff: StaffStore, codes: StoreCodes,
                 mp_codes: MiniProgramCodes, changes: BookingChanges, clock: Clock, *, link_root: str,
                 new_id: Callable[[], str] = new_booking_id,
                 random_bytes: Callable[[int], bytes] = secrets.token_bytes) -> None:
        self._stores, self._bookings, self._staff, self._codes = stores, bookings, staff, codes
        self._mp_codes, self._changes, self._clock, self._link_root = mp_codes, changes, clock, link_root
        self._new_id, self._random = new_id, random_bytes

    # --- the store's code, its poster, the lobby board's code -------------------------------------------

    def store_code(self, who: StaffAccess, store_id: str) -> arrivals.StoreCode:
        """The store's check-in code, made on first use (the same one ever after)."""
        who.ensure_store(store_id)
        store = self._stores.get(who.chain_id, store_id)
        found = self._codes.of_store(store.chain_id, store.store_id)
        return found or self._codes.add(arrivals.new_store_code(store.chain_id, store.store_id, self._random))

    def poster(self, who: StaffAccess, store_id: str) -> bytes:
        """The store's mini-program code image from WeChat, opening the check-in page with the store's scene."""
        code = self.store_code(who, store_id)
        chain = self._stores.get_chain(who.chain_id)
        return self._mp_codes(chain, code.code, arrivals.CHECKIN_PAGE)

    def lobby_code(self, chain_id: str, store_id: str) -> str | None:
        """What the lobby board shows now (None until the store has a code)."""
        code = self._codes.of_store(chain_id, store_id)
        return arrivals.lobby_code(code, self._clock.now()) if code else None

    # --- a customer arriving ------------------------------------------------------------------------------

    def arrive(self, who: Principal, scene: str, location: tuple[float, float] | None, lobby: str | None,
               walk_in: StaffBookingRequest | None = None) -> Arrival:
        code = self._codes.by_code(scene)
        if code is None or code.chain_id != who.chain_id:  # another chain's code names no store of this one
            raise NotFound("this code is not one of this chain's stores", field="scene", code="store_not_found")
        store = self._stores.get(code.chain_id, code.store_id)
        now = self._clock.now()
        proof = arrivals.ensure_present(store, code, now, location, lobby)
        booking = arrivals.todays_booking(self._bookings.for_customer(who.chain_id, who.subject), store, now)
        if booking is not None:
            return Arrival("arrived", self._check_in(who, booking.booking_id), proof)
        if walk_in is None:
            raise Conflict("you have no booking at this store today: give your name, phone, car and service to join "
                           "the walk-in queue", field="walk_in", code="no_booking_today")
        return self._queue(who, store, walk_in, proof)

    def _check_in(self, who: Principal, booking_id: str) -> Booking:
        def decide(booking: Booking, store: Store) -> BookingChange | None:
            if booking.status not in arrivals.CHECKS_IN:
                return None  # checked in already: nothing changes, nobody is told twice
            change = decisions.advance(booking, store, self._clock.now(), "check_in", f"customer:{who.subject}",
                                       decisions.StaffStep(note="扫码到店"))
            notices = tuple(arrivals.arrival_notice(change.after, store, member, self._clock.now(), self._link(store))
                            for member in self._told(store, booking))
            return replace(change, messages=change.messages + notices)

        def mine(booking: Booking) -> None:
            if booking.customer_id != who.subject or booking.chain_id != who.chain_id:
                raise NotFound("no such booking", field="booking_id", code="booking_not_found")

        return self._changes.apply(booking_id, decide, mine)

    def _told(self, store: Store, booking: Booking) -> list[StaffMember]:
        """Whom an arrival is told to: the booking's advisor, else the store's managers (never a disabled account),
        each only if they want arrival notices (docs/product-rules.md#wecom-for-staff)."""
        if booking.advisor_id:
            advisor = self._staff.get(store.chain_id, booking.advisor_id)
            if advisor is not None and not advisor.disabled:
                return [advisor] if staff_notices.wants(advisor.notices, STAFF_CUSTOMER_ARRIVED) else []
        return [m for m in self._staff.of_chain(store.chain_id)
                if m.role is Role.STORE_MANAGER and store.store_id in m.store_ids and not m.disabled
                and staff_notices.wants(m.notices, STAFF_CUSTOMER_ARRIVED)]

    def _link(self, store: Store) -> str:
        return report_link(self._link_root, store.store_id, self._clock.now().astimezone(store.tz).date(), "plan")

    def _queue(self, who: Principal, store: Store, req: StaffBookingRequest, proof: str) -> Arrival:
        now = self._clock.now()
        change = walk_ins.queued(req, store, now, f"customer:{who.subject}", self._new_id(), (None, None),
                                 customer_id=who.subject)
        self._changes.commit(change)
        day = now.astimezone(store.tz).date()
        waiting = sorted((b for b in self._bookings.walk_in_queue(store.chain_id, store.store_id, day)
                          if walk_ins.is_queued(b)), key=walk_ins.queue_order)
        waits = walk_ins.estimate(store, day, waiting, self._bookings.day_load(store.chain_id, store.store_id, day), now)
        mine = next(w for w in waits if w.booking.booking_id == change.after.booking_id)
        minutes = None if mine.seat_at is None else max(0, int((mine.seat_at - now).total_seconds() // 60))
        return Arrival("queued", change.after, proof, wait_minutes=minutes, ahead=mine.position - 1)
