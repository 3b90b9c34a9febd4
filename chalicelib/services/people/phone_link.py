"""POST /mp/phone: the mini-program's phone-number code becomes the customer's verified phone, and the phone-only
customer staff created for that number is taken over when a plate matches (domain/people/linking.py): its bookings and
vehicles then show in the mini-program."""
from __future__ import annotations

from dataclasses import dataclass

from ...domain import validation
from ...domain.booking.ports import BookingStore
from ...domain.errors import Conflict, NotFound
from ...domain.people import linking
from ...domain.people.customer import Customer, phone_customer_id
from ...domain.people.customer_notes import FileNotes
from ...domain.people.ports import CustomerMerger, CustomerStore, PhoneExchange
from ...domain.people.principal import Principal
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog

MAX_ATTEMPTS = 4  # a booking changed (or another device linked) between the read and the move: read again
OWN_BOOKINGS_READ = 200  # the plates on file: the customer's recent bookings
SOURCE_BOOKINGS_READ = 1000  # a phone customer's whole history, by the customer index (a Query), never the whole table


@dataclass(frozen=True)
class LinkResult:
    phone: str
    outcome: str  # domain/people/linking.py: merged, no_phone_customer, plate_mismatch, other_wechat_customer
    bookings: int = 0
    vehicles: int = 0

    def to_json(self) -> dict[str, object]:
        masked = f"{self.phone[:3]}****{self.phone[-4:]}" if len(self.phone) == 11 else self.phone
        return {"phone": masked, "verified": True, "linked": self.outcome == linking.MERGED, "outcome": self.outcome,
                "moved": {"bookings": self.bookings, "vehicles": self.vehicles}}


class PhoneLinking:
    def __init__(self, stores: StoreCatalog, customers: CustomerStore, bookings: BookingStore, merger: CustomerMerger,
                 phones: PhoneExchange, clock: Clock) -> None:
        self._stores, self._customers, self._bookings = stores, customers, bookings
        self._merger, self._phones, self._clock = merger, phones, clock

    def link(self, who: Principal, code: str, plate: str | None = None) -> LinkResult:
        chain = self._stores.get_chain(who.chain_id)
        phone = validation.mobile(self._phones(chain, code), "code")
        self._customers.get(who.chain_id, who.subject)  # a signed-in customer that still exists
        self._customers.verify_phone(who.chain_id, who.subject, phone, self._clock.now())
        mine = {b.plate for b in self._bookings.for_customer(who.chain_id, who.subject, limit=OWN_BOOKINGS_READ)}
        if plate:
            mine.add(plate)
        source_id = phone_customer_id(who.chain_id, phone)
        for _ in range(MAX_ATTEMPTS):
            # the bookings before the record that says whether they were taken: a record read as not taken was not
            # taken when the bookings were read either (the claim and the first moves are one transaction)
            theirs = self._bookings.for_customer(who.chain_id, source_id, limit=SOURCE_BOOKINGS_READ)
            me, my_file = self._customers.file(who.chain_id, who.subject)
            source, source_file = self._file_of(who.chain_id, source_id)
            files = (my_file, source_file, self._clock.now()) if source_file is not None else None
            on_file = source_file.plates if source_file is not None else ()  # cars imported from the DMS
            decision = linking.decide(me, source, theirs, on_file, mine, files)
            if decision.plan is None:
                return LinkResult(phone, decision.outcome)
            if self._merger.merge(decision.plan, self._clock.now()):
                return LinkResult(phone, decision.outcome, len(decision.plan.bookings), len(decision.plan.plates))
        raise Conflict("the phone's bookings kept changing while they were linked; please try again",
                       field="code", code="write_conflict")

    def _file_of(self, chain_id: str, customer_id: str) -> tuple[Customer | None, FileNotes | None]:
        """The phone-only customer and their file (one strongly consistent GetItem), or nothing."""
        try:
            return self._customers.file(chain_id, customer_id)
        except NotFound:
            return None, None
