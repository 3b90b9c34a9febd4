"""Every request example GET /openapi.json documents is accepted (2xx) by the app on a live local HTTP server
(the `server` fixture, over this test's container), on the demo chain the examples are written for
(devstack/onboarding/demo.json, what the local run serves): a client copying an example from the document is
not refused. Each operation first gets what it acts on (a booking to move, a task to close); the body, and
the headers the document gives examples for, are sent exactly as documented."""
from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
import requests

from chalicelib.domain.floor.tasks import CallTask
from chalicelib.domain.people.customer import phone_customer_id
from chalicelib.domain.people.staff import PLATFORM_CHAIN, Role, StaffAccess
from chalicelib.onboarding import run
from tests.conftest import at
from tests.e2e.test_floor_api import add_operator

DEMO = json.loads((Path(__file__).parents[2] / "devstack" / "onboarding" / "demo.json").read_text(encoding="utf-8"))
PASSWORDS = {"DEMO_MANAGER_PASSWORD": "manager-pass", "DEMO_ADMIN_PASSWORD": "admin-pass",
             "DEMO_WANG_PASSWORD": "wang-pass", "DEMO_LI_PASSWORD": "li-password", "DEMO_CHEN_PASSWORD": "chen-pass",
             "DEMO_QIAN_PASSWORD": "qian-pass"}
PATH_VALUES = {"store_id": "demo-pudong", "username": "li", "year": "2027", "action": "confirm"}
MANAGER = StaffAccess("manager", "demo", Role.STORE_MANAGER, frozenset({"demo-pudong", "demo-xuhui"}))


class Demo:
    """The demo chain on the live server, and what an operation's example needs before it is sent."""

    def __init__(self, base: str, svc, clock) -> None:
        self.base, self.svc, self.clock = base, svc, clock
        self.doc = requests.get(f"{base}/openapi.json", timeout=10).json()
        self.keys = 0

    def example(self, method: str, path: str) -> dict:
        return self.doc["paths"][path][method]["requestBody"]["content"]["application/json"]["example"]

    def send(self, method: str, path: str, token: str | None, body: dict | None, headers: dict | None = None):
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        return requests.request(method.upper(), f"{self.base}{path}", headers=sent, data=data, timeout=30)

    def login(self, username: str, password: str, chain: str = "demo") -> str:
        r = self.send("post", "/staff/login", None, {"chain_id": chain, "username": username, "password": password})
        assert r.status_code == 200, r.text
        return r.json()["token"]

    def customer(self, code: str | None = None) -> str:
        """The customer the documented login signs in (or another one)."""
        body = {**self.example("post", "/mp/login"), **({"code": code} if code else {})}
        r = self.send("post", "/mp/login", None, body)
        assert r.status_code == 200, r.text
        return r.json()["token"]

    def booking(self, start: str, code: str | None = None) -> str:
        """An online booking (the documented booking, at another time), the documented customer's unless
        another is named (a customer has at most three upcoming online bookings)."""
        self.keys += 1
        body = {**self.example("post", "/mp/bookings"), "start": start}
        r = self.send("post", "/mp/bookings", self.customer(code), body, {"Idempotency-Key": f"setup-{self.keys}"})
        assert r.status_code == 201, r.text
        return r.json()["booking_id"]

    def phone_booking(self, start: str) -> str:
        body = {**self.example("post", "/staff/stores/{store_id}/bookings"), "start": start}
        r = self.send("post", "/staff/stores/demo-pudong/bookings", self.login("manager", "manager-pass"), body)
        assert r.status_code == 201, r.text
        return r.json()["booking_id"]

    def parts_booking(self) -> str:
        """A phone booking waiting for its parts (it holds no slot yet)."""
        body = {**self.example("post", "/staff/stores/{store_id}/bookings"), "start": None, "waiting_for_parts": True,
                "parts": {"expected": "2026-11-28", "estimate_fen": 80_000}}
        r = self.send("post", "/staff/stores/demo-pudong/bookings", self.login("manager", "manager-pass"), body)
        assert r.status_code == 201, r.text
        return r.json()["booking_id"]

    def pairing_code(self) -> str:
        r = self.send("post", "/staff/stores/demo-pudong/board-token", self.login("manager", "manager-pass"), None)
        assert r.status_code == 200, r.text
        return r.json()["url"].split("#", 1)[1]

    def done_booking(self) -> str:
        """A booking of this morning's 09:00 slot, made at 07:00 and serviced by 09:05."""
        self.clock.set(at("2026-11-23", "07:00"))  # another setup may have moved the morning on
        booking_id = self.booking("2026-11-23T09:00:00+08:00")
        self.clock.set(at("2026-11-23", "09:05"))
        for action in ("check-in", "start", "complete"):
            self.svc.staff_ops.act(MANAGER, booking_id, action)
        return booking_id

    def job_under_way(self, start: str | None = None) -> str:
        """A booking of the next free half hour from 10:00, checked in and started 5 minutes after (its hand-back
        time promised at check-in); the clock stays there."""
        self.jobs = getattr(self, "jobs", 0) + 1
        start = start or f"{10 + self.jobs // 2}:{30 * (self.jobs % 2):02d}"
        self.clock.set(at("2026-11-23", "07:00"))
        booking_id = self.booking(f"2026-11-23T{start}:00+08:00", f"under-way-{self.jobs}")
        self.clock.set(at("2026-11-23", start) + timedelta(minutes=5))
        for action in ("check-in", "start"):
            self.svc.staff_ops.act(MANAGER, booking_id, action)
        return booking_id

    def extra_work_proposed(self) -> str:
        """A job under way with one extra-work item (x1) proposed (docs/product-rules.md#extra-work)."""
        from chalicelib.domain.floor.extra_work import extra_input

        booking_id = self.job_under_way("09:30")
        example = self.example("post", "/staff/bookings/{booking_id}/extra-work")
        self.svc.extra_work.propose(MANAGER, booking_id, extra_input(example))
        self.clock.set(at("2026-11-23", "10:15"))  # the documented phone answer was given at 10:10
        return booking_id

    def task(self) -> str:
        now = self.clock.now()
        assert self.svc.ports.tasks.create(CallTask("demo", "demo-pudong", "t-example", "late", now, now, "张先生",
                                                    "13800138000"))
        return "t-example"

    def campaign(self) -> str:
        """A draft campaign of the demo chain (docs/product-rules.md#campaigns)."""
        from datetime import date

        from chalicelib.domain.followup.campaigns import Campaign
        self.svc.ports.campaigns.create(Campaign("demo", "spring-open-day", "春季开放日", "maintenance", ("demo-pudong",),
                                                 date(2026, 12, 20), date(2026, 12, 31), "seasonal", "due_this_month"))
        return "spring-open-day"


Setup = Callable[[Demo], tuple[str | None, dict[str, str]]]


def _phone_customer(d: Demo) -> str:
    """The customer a phone booking made (known by the number staff typed)."""
    d.phone_booking("2026-11-25T16:00:00+08:00")
    return phone_customer_id("demo", d.example("post", "/staff/stores/{store_id}/bookings")["customer"]["phone"])


def _customer(d: Demo) -> tuple[str, dict]:
    return d.customer(), {}


def _manager(d: Demo) -> tuple[str, dict]:
    return d.login("manager", "manager-pass"), {}


def _admin(d: Demo) -> tuple[str, dict]:
    return d.login("admin", "admin-pass"), {}


def _operator(d: Demo) -> tuple[str, dict]:
    return d.login("operator", "operator-pass", PLATFORM_CHAIN), {}


# what each operation with a documented example acts on, and as whom
SETUPS: dict[tuple[str, str], Setup] = {
    ("post", "/mp/login"): lambda d: (None, {}),
    ("post", "/staff/login"): lambda d: (None, {}),
    ("post", "/mp/bookings"): _customer,
    ("post", "/mp/bookings/{booking_id}/reschedule"): lambda d: (
        d.customer(), {"booking_id": d.booking("2026-11-25T10:00:00+08:00")}),
    ("post", "/mp/bookings/{booking_id}/cancel"): lambda d: (
        d.customer(), {"booking_id": d.booking("2026-11-25T11:00:00+08:00")}),
    ("post", "/mp/bookings/{booking_id}/feedback"): lambda d: (d.customer(), {"booking_id": d.done_booking()}),
    ("post", "/mp/subscriptions"): _customer,
    ("post", "/mp/phone"): _customer,
    ("patch", "/mp/me/preferences"): _customer,
    ("put", "/mp/me/consent"): _customer,
    ("post", "/staff/stores/{store_id}/bookings"): _manager,
    ("post", "/staff/stores/{store_id}/walk-ins"): _manager,
    ("post", "/staff/bookings/{booking_id}/advisor"): lambda d: (
        d.login("manager", "manager-pass"), {"booking_id": d.booking("2026-11-26T09:00:00+08:00", "another")}),
    ("post", "/staff/bookings/{booking_id}/reschedule"): lambda d: (
        d.login("manager", "manager-pass"), {"booking_id": d.phone_booking("2026-11-25T14:00:00+08:00")}),
    ("post", "/staff/bookings/{booking_id}/{action}"): lambda d: (
        d.login("manager", "manager-pass"), {"booking_id": d.booking("2026-11-26T11:00:00+08:00", "another")}),
    ("post", "/staff/bookings/{booking_id}/parts-expected"): lambda d: (
        d.login("manager", "manager-pass"), {"booking_id": d.parts_booking()}),
    ("post", "/staff/stores/{store_id}/board/pair"): lambda d: (None, {}),
    ("post", "/staff/bookings/{booking_id}/arrival"): lambda d: (
        d.login("manager", "manager-pass"), {"booking_id": d.phone_booking("2026-11-25T15:30:00+08:00")}),
    ("post", "/staff/bookings/{booking_id}/parts-check"): lambda d: (
        d.login("manager", "manager-pass"), {"booking_id": d.phone_booking("2026-11-24T10:00:00+08:00")}),
    ("post", "/staff/bookings/{booking_id}/progress-check"): lambda d: (
        d.login("manager", "manager-pass"), {"booking_id": d.job_under_way()}),
    ("post", "/staff/bookings/{booking_id}/extra-work"): lambda d: (
        d.login("manager", "manager-pass"), {"booking_id": d.job_under_way()}),
    ("post", "/staff/bookings/{booking_id}/extra-work/{item_id}"): lambda d: (
        d.login("manager", "manager-pass"), {"booking_id": d.extra_work_proposed(), "item_id": "x1"}),
    ("post", "/mp/bookings/{booking_id}/extra-work/{item_id}"): lambda d: (
        lambda booking_id: (d.customer(f"under-way-{d.jobs}"), {"booking_id": booking_id, "item_id": "x1"}))(
            d.extra_work_proposed()),
    ("post", "/staff/bookings/{booking_id}/delay"): lambda d: (
        d.login("manager", "manager-pass"), {"booking_id": d.job_under_way()}),
    ("put", "/staff/bookings/{booking_id}/bill"): lambda d: (  # docs/product-rules.md#the-bill
        d.login("manager", "manager-pass"), {"booking_id": d.job_under_way()}),
    ("put", "/mp/bookings/{booking_id}/invoice"): lambda d: (  # docs/product-rules.md#the-bill
        lambda booking_id: (d.customer(f"under-way-{d.jobs}"), {"booking_id": booking_id}))(d.job_under_way()),
    ("post", "/staff/bookings/{booking_id}/call-back"): lambda d: (
        d.login("manager", "manager-pass"), {"booking_id": d.phone_booking("2026-11-25T15:00:00+08:00")}),
    ("patch", "/staff/stores/{store_id}/customers/{customer_id}"): lambda d: (
        d.login("manager", "manager-pass"), {"store_id": "demo-pudong", "customer_id": _phone_customer(d)}),
    ("post", "/staff/stores/{store_id}/customers/{customer_id}/call-back"): lambda d: (
        d.login("manager", "manager-pass"), {"store_id": "demo-pudong", "customer_id": _phone_customer(d)}),
    ("post", "/staff/stores/{store_id}/tasks/{task_id}/done"): lambda d: (
        d.login("manager", "manager-pass"), {"task_id": d.task()}),
    ("post", "/staff/me/password"): lambda d: (d.login("wang", d.example("post", "/staff/me/password")["old"]), {}),
    ("put", "/admin/stores/{store_id}"): lambda d: (d.login("admin", "admin-pass"), {"store_id": "demo-minhang"}),
    ("post", "/admin/staff"): _admin,
    ("patch", "/admin/staff/{username}"): _admin,
    ("post", "/admin/staff/{username}/password-reset"): _admin,
    ("put", "/admin/staff/{username}/contact"): lambda d: (d.login("admin", "admin-pass"), {"username": "manager"}),
    ("put", "/admin/holidays/{year}"): _admin,
    ("post", "/admin/campaigns"): _admin,
    ("put", "/admin/invitation-coupons/{kind}"): lambda d: (d.login("admin", "admin-pass"), {"kind": "maintenance_due"}),
    ("post", "/admin/campaigns/{campaign_id}/schedule"): lambda d: (
        d.login("admin", "admin-pass"), {"campaign_id": d.campaign()}),
    ("put", "/operator/holidays/{year}"): _operator,
    ("post", "/operator/chains"): _operator,
    ("post", "/mp/checkin"): lambda d: (d.customer("checkin-walker"), {}),
    ("patch", "/admin/wechat"): _admin,
    ("patch", "/operator/chains/{chain_id}/wechat"): lambda d: (_operator(d)[0], {"chain_id": "demo"}),
    ("patch", "/admin/wecom"): _admin,
    ("put", "/admin/balance-payment"): _admin,
    ("patch", "/operator/chains/{chain_id}/wecom"): lambda d: (_operator(d)[0], {"chain_id": "demo"}),
    ("put", "/admin/staff/{username}/wecom"): lambda d: (d.login("admin", "admin-pass"), {"username": "wang"}),
    ("put", "/staff/me/wecom"): lambda d: (d.login("wang", d.example("post", "/staff/me/password")["new"]), {}),
    ("post", "/admin/webhooks"): _admin,
    ("post", "/admin/imports"): _admin,
    ("post", "/admin/vehicles"): _admin,
    ("post", "/admin/webhooks/{endpoint_id}/rotate"): lambda d: (d.login("admin", "admin-pass"), {
        "endpoint_id": d.svc.webhooks.register("demo", "https://dms.example.com/h", ["task.opened"])["endpoint_id"]}),
}


# operations whose body carries something minted for one use: sent in the example's shape with a fresh value
MINTED: dict[tuple[str, str], Callable[[Demo], dict]] = {
    ("post", "/staff/stores/{store_id}/board/pair"): lambda d: {"link": d.pairing_code()},
    ("post", "/mp/checkin"): lambda d: {**d.example("post", "/mp/checkin"),
                                        "scene": d.svc.arrivals.store_code(MANAGER, "demo-pudong").code},
}


@pytest.fixture
def demo(server, svc, clock, wechat):
    clock.set(at("2026-11-23", "07:00"))  # a Monday morning, before the stores open
    boto3.client("ssm").put_parameter(Name=DEMO["chain"]["mp_secret_ref"], Value="demo-mini-program-secret",
                                      Type="SecureString", Overwrite=True)
    out = io.StringIO()
    assert run(DEMO, svc.onboarding, dry_run=False, environ=PASSWORDS, out=out) == 0, out.getvalue()
    add_operator(svc)
    return Demo(server, svc, clock)


def documented_examples(doc: dict) -> list[tuple[str, str]]:
    return [(method, path) for path, ops in sorted(doc["paths"].items()) for method, op in sorted(ops.items())
            if "example" in op.get("requestBody", {}).get("content", {}).get("application/json", {})]


def test_every_documented_request_example_is_accepted(demo):
    examples = documented_examples(demo.doc)
    assert set(examples) == set(SETUPS), "an operation with a documented example needs its setup here"
    refused = []
    for method, path in examples:
        token, values = SETUPS[(method, path)](demo)
        op = demo.doc["paths"][path][method]
        headers = {p["name"]: p["example"] for p in op["parameters"] if p["in"] == "header" and "example" in p}
        names = {**PATH_VALUES, **values}
        concrete = re.sub(r"\{(\w+)\}", lambda m, names=names: names[m.group(1)], path)
        body = demo.example(method, path)
        if (method, path) in MINTED:  # a single-use code cannot be replayed: the example's shape, a fresh code
            assert set(MINTED[(method, path)](demo)) == set(body)
            body = MINTED[(method, path)](demo)
        r = demo.send(method, concrete, token, body, headers)
        if not 200 <= r.status_code < 300:
            refused.append(f"{method.upper()} {path}: {r.status_code} {r.text[:300]}")
    assert not refused, "\n".join(refused)
    assert len(examples) >= 25
