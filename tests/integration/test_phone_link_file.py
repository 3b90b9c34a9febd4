"""Phone linking on the embedded DynamoDB: what staff kept in the phone-only customer's file (address, notes,
leftovers, the audit trail, the calls about them) and the store's search index follow the WeChat customer who
takes the number over, in the linking's own conditioned transaction (docs/product-rules.md#customer-file)."""
from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.adapters.dynamo.models import CustomerModel
from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.errors import NotFound
from chalicelib.domain.people.customer import phone_customer_id
from chalicelib.domain.people.staff import Role
from chalicelib.domain.tenancy.chain import Chain
from devstack.seed import demo_store
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING, customer

PHONE, PLATE = "13800138000", "沪A12345"


@pytest.fixture
def wang(svc, chain):
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def new_chain(svc) -> str:
    """A chain of its own per example (the tables are the test's): the pudong store, capacity 3 per slot."""
    chain_id = "t" + uuid.uuid4().hex[:10]
    svc.ports.stores.put_chain(Chain(chain_id, "测试集团", mp_appid="wxtest" + chain_id, mp_secret_ref="/appt/test/mp-secret"))
    svc.ports.stores.put(demo_store("pudong", "浦东店", chain_id=chain_id, capacity_per_slot=3, walk_in_reserve=0.0,
                                    labour_hours={}))
    return chain_id


def phone_booking(svc, wang, **changes):
    return svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request({**PHONE_BOOKING, **changes}),
                              NO_PARTS)


def test_the_phone_customers_file_and_search_entries_follow_them_on_linking(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "08:00"))
    booked = phone_booking(svc, wang)
    source = booked.customer_id
    svc.customer_files.edit(wang, "pudong", source, {"address": "浦东新区张江路1号", "notes": "只接受上午来电",
                                                     "leftovers": "左前轮胎磨损"})
    svc.call_backs.from_customer(wang, "pudong", source, 10, "问保养套餐")
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-11-23", "09:00"))
    svc.customer_files.edit(wang, "pudong", alice.subject, {"notes": "微信老客户"})
    clock.set(at("2026-11-23", "10:00"))
    assert svc.phone_link.link(alice, f"phone-{PHONE}", PLATE).outcome == "merged"

    found = svc.customer_files.read(wang, "pudong", alice.subject)
    assert (found["address"], found["leftovers"]) == ("浦东新区张江路1号", "左前轮胎磨损")
    assert found["notes"] == "微信老客户\n只接受上午来电"
    assert [v["booking_id"] for v in found["visits"]] == [booked.booking_id]
    assert [t["kind"] for t in found["tasks"]["open"]] == ["call_back"]
    trail = [(e["by"], e["field"], e["old"], e["new"]) for e in found["audit"]]
    assert trail[:3] == [("phone_link", "address", None, "浦东新区张江路1号"),
                         ("phone_link", "leftovers", None, "左前轮胎磨损"),
                         ("phone_link", "notes", "微信老客户", "微信老客户\n只接受上午来电")]
    assert ("staff:wang", "notes", None, "微信老客户") in trail[3:]
    assert ("staff:wang", "leftovers", None, "左前轮胎磨损") in trail[3:]  # the phone customer's trail came along
    # the search index points at the customer who took the number over, by plate, phone and name
    for typed in ("A12345", "8000", "张伟"):
        _, hits = svc.staff_desk.search(wang, "pudong", typed)
        assert [(h.booking_id, h.customer_id) for h in hits] == [(booked.booking_id, alice.subject)], typed
    # the phone-only customer keeps no file of its own, and cannot be edited any more
    left = CustomerModel.get(chain, phone_customer_id(chain, PHONE))
    assert (left.file_notes, left.file_leftovers, left.file_audit, left.merged_into) == (None, None, None, alice.subject)
    with pytest.raises(NotFound):
        svc.customer_files.edit(wang, "pudong", source, {"notes": "晚了"})


def test_an_owed_rebooking_follows_the_customer_who_took_the_number_over(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "08:00"))
    booked = phone_booking(svc, wang)
    svc.staff_ops.act(wang, booked.booking_id, "cancel", staff_requests.staff_action({}))  # the store cancelled
    [call] = [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.booking_id == booked.booking_id]
    alice = customer(svc, chain, "alice")
    assert svc.phone_link.link(alice, f"phone-{PHONE}", PLATE).outcome == "merged"
    assert svc.ports.customers.get(chain, alice.subject).rebook_priority
    again = phone_booking(svc, wang, start="2026-11-25T10:00:00+08:00")
    assert again.customer_id == alice.subject
    assert not svc.ports.tasks.get(chain, "pudong", call.task_id).is_open  # closed as rebooked
    assert not svc.ports.customers.get(chain, alice.subject).rebook_priority



def test_a_customer_known_only_from_the_dms_is_taken_over_with_their_cars_and_history(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "08:00"))
    cells = {"plate": PLATE, "model": "迈腾", "name": "张伟", "phone": PHONE, "service_date": "2026-04-15",
             "mileage": "30000", "jobs": "大保养"}
    assert svc.dms_import.record(chain, "pudong", cells)["outcome"] == "imported"
    alice = customer(svc, chain, "alice")
    linked = svc.phone_link.link(alice, f"phone-{PHONE}", PLATE)
    assert (linked.outcome, linked.vehicles) == ("merged", 1)
    found = svc.customer_files.read(wang, "pudong", alice.subject)
    assert [(v["source"], v["date"], v["mileage"], v["jobs"]) for v in found["visits"]] == [
        ("dms", "2026-04-15", 30000, "大保养")]
    assert found["vehicles"] == [{"plate": PLATE, "model": "迈腾", "mileage": 30000, "imported": True}]


def test_a_merge_in_several_transactions_refiles_every_booking(svc, chain, clock, wang, monkeypatch, calls):
    """A transaction holds a booking with all its search entries or none of them: with room for one booking a
    transaction, three bookings take three, the first of which also moves the file."""
    from chalicelib.adapters.dynamo import linking as dynamo_linking

    monkeypatch.setattr(dynamo_linking, "CHUNK", 15)
    clock.set(at("2026-11-23", "08:00"))
    made = [phone_booking(svc, wang, start=f"2026-11-2{4 + i}T10:00:00+08:00").booking_id for i in range(3)]
    svc.customer_files.edit(wang, "pudong", phone_customer_id(chain, PHONE), {"notes": "只接受上午来电"})
    alice = customer(svc, chain, "alice")
    calls.clear()
    linked = svc.phone_link.link(alice, f"phone-{PHONE}", PLATE)
    assert (linked.outcome, linked.bookings, linked.vehicles) == ("merged", 3, 1)
    assert calls.dynamodb().count("TransactWriteItems") == 3
    _, hits = svc.staff_desk.search(wang, "pudong", "A12345")
    assert sorted((h.booking_id, h.customer_id) for h in hits) == sorted((b, alice.subject) for b in made)
    assert svc.customer_files.read(wang, "pudong", alice.subject)["notes"] == "只接受上午来电"

# --- any order of what the counter and the customer do ------------------------------------------------------

OPS = ("book", "note", "link", "cancel", "search")


class Counter:
    """One chain's phone customer and WeChat customer (alice), driven through the real use cases, with what
    should follow from what was done."""

    def __init__(self, svc, chain: str, wang) -> None:
        self.svc, self.chain, self.wang = svc, chain, wang
        self.alice = customer(svc, chain, "alice")
        self.source = phone_customer_id(chain, PHONE)
        self.bookings: list[str] = []
        self.live: list[str] = []
        self.calls: dict[str, bool] = {}  # rebooking call -> whether a phone booking came after it
        self.linked = False
        self.notes: list[str] = []

    def owner(self) -> str | None:
        """Whose file the number's bookings are in now (None: nobody yet)."""
        if self.linked:
            return self.alice.subject
        return self.source if self.bookings else None

    def book(self) -> None:
        booked = phone_booking(self.svc, self.wang, start=f"2026-11-{24 + len(self.bookings)}T10:00:00+08:00")
        assert booked.customer_id == self.owner() or (not self.bookings and booked.customer_id == self.source)
        self.bookings.append(booked.booking_id)
        self.live.append(booked.booking_id)
        self.calls = dict.fromkeys(self.calls, True)

    def note(self) -> None:
        owner = self.owner()
        if owner is not None:
            text = f"第{len(self.notes) + 1}条备注"
            self.svc.customer_files.edit(self.wang, "pudong", owner, {"notes": text})
            self.notes.append(text)

    def link(self) -> None:
        outcome = self.svc.phone_link.link(self.alice, f"phone-{PHONE}", PLATE).outcome
        assert outcome == ("merged" if self.bookings else "no_phone_customer")
        self.linked = self.linked or bool(self.bookings)

    def cancel(self) -> None:
        if self.live:
            booking_id = self.live.pop()
            self.svc.staff_ops.act(self.wang, booking_id, "cancel", staff_requests.staff_action({}))
            [call] = [t for t in self.svc.ports.tasks.open_for_store(self.chain, "pudong")
                      if t.booking_id == booking_id and t.kind == "rebook_store_cancel"]
            self.calls[call.task_id] = False

    def search(self) -> None:
        for typed in ("A12345", "8000", "张伟"):
            _, hits = self.svc.staff_desk.search(self.wang, "pudong", typed)
            assert sorted(h.booking_id for h in hits) == sorted(self.bookings), typed
            assert {h.customer_id for h in hits} <= {self.owner()}, typed  # each leads to the file they are in

    def holds(self) -> None:
        self.search()
        owner = self.owner()
        if owner is None:
            return
        found = self.svc.customer_files.read(self.wang, "pudong", owner)
        assert sorted(v["booking_id"] for v in found["visits"]) == sorted(self.bookings)
        edits = [e["new"] for e in found["audit"] if e["by"] == "staff:wang"]
        assert sorted(edits) == sorted(self.notes)  # every edit is in the trail of the file they are in
        if self.notes:
            assert self.notes[-1] in found["notes"]
        for task_id, rebooked in self.calls.items():
            assert self.svc.ports.tasks.get(self.chain, "pudong", task_id).is_open is not rebooked, task_id
        shown = {t["task_id"] for t in found["tasks"]["open"]}
        assert {t for t, rebooked in self.calls.items() if not rebooked} <= shown
        if self.linked:
            with pytest.raises(NotFound):
                self.svc.customer_files.read(self.wang, "pudong", self.source)


@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(st.sampled_from(OPS), min_size=4, max_size=7).filter(lambda ops: "link" in ops and "book" in ops))
def test_in_any_order_the_file_calls_and_search_follow_the_number(svc, clock, ops):
    chain = new_chain(svc)
    counter = Counter(svc, chain, add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"}))
    clock.set(at("2026-11-23", "08:00"))
    for op in ops:
        getattr(counter, op)()
    counter.holds()
