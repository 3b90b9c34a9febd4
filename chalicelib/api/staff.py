"""/staff/... : service advisors, store managers and chain admins."""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import unquote

from chalice import Response

from ..container import services
from ..domain import staff_requests, validation
from ..domain.booking import search as booking_search
from ..domain.booking.parts import parts_input
from ..domain.errors import ValidationError
from ..domain.reporting import report_csv
from . import access, board_page
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import csv_response, json_body, json_response, optional_json_body, query, wants_csv
from .staff_intents import once, same

staff = ApiBlueprint(__name__)


@staff.route("/staff/login", methods=["POST"], body="StaffLogin", audience=Audience.PUBLIC)
def login() -> dict:
    request = staff.current_request
    body = json_body(request)
    password = validation.require(body, "password")
    if not isinstance(password, str) or len(password) > 128:
        raise ValidationError("password must be text of at most 128 characters", field="password")
    token, member = services().staff_access.login(
        validation.required_text(body, "chain_id", max_len=64),
        validation.required_text(body, "username", max_len=64),
        password,
        source=access.source_ip(request),
    )
    return {
        "token": token,
        "username": member.username,
        "display_name": member.display_name,
        "role": member.role.value,
        "stores": sorted(member.store_ids),
    }


@staff.route("/staff/stores", methods=["GET"], audience=Audience.STAFF)
def stores() -> dict:
    who = access.staff(staff.current_request)
    return {"stores": [{"store_id": s.store_id, "name": s.name, "timezone": s.timezone, "slot_minutes": s.slot_minutes}
                       for s in services().staff_desk.stores(who)]}


@staff.route("/staff/stores/{store_id}/bookings", methods=["GET"], audience=Audience.STAFF)
def day_plan(store_id: str) -> dict:
    request = staff.current_request
    who = access.staff(request)
    params = query(request)
    day = validation.day(params["date"], "date") if params.get("date") else None
    plan = services().staff_desk.day_plan(who, store_id, day)
    return {
        "store_id": store_id,
        "date": plan.day.isoformat(),
        "bookings": [e.to_json() for e in plan.entries],
        "pending_past_sla": [e.booking.booking_id for e in plan.entries if e.sla_overdue],
        "waiting_for_parts": [b.to_json() for b in plan.waiting_for_parts],
        "slots": [s.to_json() for s in plan.slots],
    }


@staff.route("/staff/stores/{store_id}/search", methods=["GET"], audience=Audience.STAFF)
def search(store_id: str) -> dict:
    """?q= a plate (or part of one), a phone number (or its beginning or last four digits) or a name: the store's
    bookings filed under it and their customers with their vehicles (one Query)."""
    request = staff.current_request
    who = access.staff(request)
    text = validation.text(query(request), "q", max_len=40, required=False) or ""
    term, hits = services().staff_desk.search(who, store_id, text)
    return {"store_id": store_id, "query": text, "term": term, "bookings": [h.to_json() for h in hits],
            "customers": booking_search.customers_of(hits)}


@staff.route("/staff/stores/{store_id}/slots", methods=["GET"], audience=Audience.STAFF)
def staff_slots(store_id: str) -> dict:
    """?date=&service_type=[&phone=]: the day's slots as staff may book them, with tier and price, and the
    advisor proposed for the caller's number."""
    request = staff.current_request
    who = access.staff(request)
    params = query(request)
    day = validation.day(params.get("date"), "date")
    kind = params.get("service_type")
    if kind is not None:
        validation.service_type(kind)
    phone = validation.text(params, "phone", max_len=20, required=False)
    found, (username, name) = services().staff_ops.day_slots(who, store_id, day, kind, phone)
    return {"store_id": store_id, "date": day.isoformat(), "closed": found.closed,
            "slots": [s.to_json() for s in found.slots],
            "advisor": {"username": username, "name": name} if username else None}


@staff.route("/staff/stores/{store_id}/bookings", methods=["POST"], body="StaffBooking", audience=Audience.STAFF)
def create_booking(store_id: str) -> Response:
    request = staff.current_request
    who = access.staff(request)
    body = json_body(request)
    req = staff_requests.staff_booking_request(body)
    booking, fresh = once(request, who, ("book", store_id),
                          lambda: services().staff_ops.book(who, store_id, req, parts_input(body, waiting=req.waiting_for_parts)),
                          same)
    return json_response(booking.to_json(), 201 if fresh else 200)


@staff.route("/staff/bookings/{booking_id}/reschedule", methods=["POST"], body="Reschedule", audience=Audience.STAFF)
def reschedule(booking_id: str) -> dict:
    request = staff.current_request
    who = access.staff(request)
    start = validation.instant(validation.require(json_body(request), "start"), "start")
    return once(request, who, ("reschedule", booking_id),
                lambda: services().staff_ops.reschedule(who, booking_id, start), same)[0].to_json()


@staff.route("/staff/bookings/{booking_id}/parts-expected", methods=["POST"], body="PartsExpected",
             audience=Audience.STAFF)
def parts_expected(booking_id: str) -> dict:
    """Record or change when a booking's parts are expected (docs/product-rules.md#parts-deposit)."""
    request = staff.current_request
    who = access.staff(request)
    expected = json_body(request).get("expected")
    return once(request, who, ("parts-expected", booking_id),
                lambda: services().staff_ops.parts_expected(who, booking_id, expected), same)[0].to_json()


def _promise(request: Any, body: dict[str, Any]) -> tuple[object, str | None, str | None]:
    """A promise's minutes, note and the screen's Idempotency-Key (its repeat opens nothing new)."""
    return body.get("within_minutes"), validation.text(body, "note", max_len=500, required=False), \
        request.headers.get("idempotency-key")


@staff.route("/staff/bookings/{booking_id}/call-back", methods=["POST"], body="CallBack", audience=Audience.STAFF)
def call_back_booking(booking_id: str) -> Response:
    """A call-back promised about a booking (docs/product-rules.md#call-back); one per Idempotency-Key."""
    request = staff.current_request
    who = access.staff(request)
    task = services().call_backs.from_booking(who, booking_id, *_promise(request, json_body(request)))
    return json_response(task.to_json(), 201)


@staff.route("/staff/stores/{store_id}/customers/{customer_id}/call-back", methods=["POST"], body="CallBack",
             audience=Audience.STAFF)
def call_back_customer(store_id: str, customer_id: str) -> Response:
    """A call-back promised to a customer of the chain, with no booking; one per Idempotency-Key."""
    request = staff.current_request
    who = access.staff(request)
    task = services().call_backs.from_customer(who, store_id, customer_id, *_promise(request, json_body(request)))
    return json_response(task.to_json(), 201)


@staff.route("/staff/bookings/{booking_id}/arrival", methods=["POST"], body="ExpectedArrival", audience=Audience.STAFF)
def expected_arrival(booking_id: str) -> dict:
    """The arrival time a late customer gives on the phone (docs/product-rules.md#late-arrival)."""
    request = staff.current_request
    who = access.staff(request)
    expected = validation.instant(validation.require(json_body(request), "expected"), "expected")
    return once(request, who, ("arrival", booking_id),
                lambda: services().late_arrivals.record(who, booking_id, expected), same)[0].to_json()


@staff.route("/staff/stores/{store_id}/customers/{customer_id}", methods=["GET"], audience=Audience.STAFF)
def customer_file(store_id: str, customer_id: str) -> dict:
    """The customer's file at the counter (docs/product-rules.md#customer-file)."""
    who = access.staff(staff.current_request)
    return services().customer_files.read(who, store_id, customer_id)


@staff.route("/staff/stores/{store_id}/customers/{customer_id}", methods=["PATCH"], body="CustomerFile",
             audience=Audience.STAFF)
def edit_customer_file(store_id: str, customer_id: str) -> dict:
    """Staff edit the address, notes and leftovers; each change joins the file's audit trail."""
    request = staff.current_request
    who = access.staff(request)
    return services().customer_files.edit(who, store_id, customer_id, json_body(request))


@staff.route("/staff/bookings/{booking_id}/{action}", methods=["POST"], body="StaffAction", audience=Audience.STAFF)
def act(booking_id: str, action: str) -> dict:
    request = staff.current_request
    who = access.staff(request)
    ops = services().staff_ops
    step = staff_requests.staff_action(optional_json_body(request))
    booking = once(request, who, (action, booking_id), lambda: ops.act(who, booking_id, action, step), same)[0]
    result = booking.to_json()
    if action == "parts-arrived":
        result["offered_slots"] = [v.to_json() for v in ops.offered_slots(booking)]
    return result


@staff.route("/staff/stores/{store_id}/tasks", methods=["GET"], audience=Audience.STAFF)
def tasks(store_id: str) -> dict:
    """?status=open (default: the call list, due first) or ?status=done[&date=] (closed that day, default today)."""
    request = staff.current_request
    who = access.staff(request)
    params = query(request)
    status = params.get("status") or "open"
    day = validation.day(params["date"], "date") if params.get("date") else None
    return {"status": status, "tasks": [t.to_json() for t in services().staff_desk.tasks(who, store_id, status, day)]}


@staff.route("/staff/stores/{store_id}/tasks/{task_id}/claim", methods=["POST"], audience=Audience.STAFF)
def task_claim(store_id: str, task_id: str) -> dict:
    who = access.staff(staff.current_request)
    return services().staff_desk.claim_task(who, store_id, unquote(task_id)).to_json()


@staff.route("/staff/stores/{store_id}/tasks/{task_id}/done", methods=["POST"], body="TaskDone", audience=Audience.STAFF)
def task_done(store_id: str, task_id: str) -> dict:
    """Close a task of any kind with an outcome (reached, no_answer, rebooked, declined, other) and a note."""
    request = staff.current_request
    who = access.staff(request)
    body = optional_json_body(request)
    note = validation.text(body, "note", max_len=500, required=False)
    outcome = body.get("outcome", "other")  # the desk refuses anything but one of its outcomes
    retry = bool(request.headers.get("idempotency-key"))  # a screen's intent: its repeat answers the closed task
    return services().staff_desk.close_task(who, store_id, unquote(task_id), note, outcome, retry=retry).to_json()


@staff.route("/staff/stores/{store_id}/board-token", methods=["POST"], audience=Audience.STAFF,
              roles=("chain_admin", "store_manager"))
def board_token(store_id: str) -> dict:
    """A pairing link for the store's lobby screen: one screen, once, within 10 minutes (its code after `#`)."""
    who = access.staff(staff.current_request)
    link = services().staff_access.board_link(who, store_id)
    return {"url": f"/staff/stores/{store_id}/board/pair#{link}", "expires_in": 600}


@staff.route("/staff/stores/{store_id}/board/pair", methods=["GET"], audience=Audience.PUBLIC)
def pair_page(store_id: str) -> Response:
    """The lobby screen's pairing page (no secret): its script posts the link's code, then opens the board.
    A code in the query (links of before) is never exchanged."""
    return Response(body=board_page.pairing(), status_code=200, headers=board_page.PAIR_HEADERS)


@staff.route("/staff/stores/{store_id}/board/pair", methods=["POST"], body="BoardPair", audience=Audience.PUBLIC)
def pair_board(store_id: str) -> Response:
    """Exchange a pairing link's code (in the body) for the board's HttpOnly session cookie."""
    link = validation.text(json_body(staff.current_request), "link", max_len=2048)
    session = services().staff_access.pair_board(link, store_id)
    board = f"/staff/stores/{store_id}/board"
    cookie = (f"{access.BOARD_COOKIE}={session}; Path={board}; Max-Age={90 * 24 * 3600}; HttpOnly; Secure; "
              "SameSite=Strict")
    answer = json_response({"board": board})
    answer.headers.update({"Set-Cookie": cookie, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
    return answer


@staff.route("/staff/stores/{store_id}/board", methods=["GET"], audience=Audience.BOARD)
def board(store_id: str) -> Response:
    request = staff.current_request
    viewer = access.board_viewer(request, store_id)
    found = services()
    url, ticket = found.settings.board_socket_url, found.board_push.ticket(viewer, store_id)
    socket = (url, ticket) if url and ticket else None
    html = board_page.render(*found.staff_desk.board(viewer, store_id), socket=socket,
                             lobby_code=found.arrivals.lobby_code(viewer.chain_id, store_id))
    return Response(body=html, status_code=200, headers=board_page.socket_headers(url if socket else None))


def _date_range(params: dict[str, str]) -> tuple[date, date]:
    """?from=&to= (to defaults to from)."""
    first = validation.day(params.get("from"), "from")
    return first, validation.day(params["to"], "to") if params.get("to") else first


@staff.route("/staff/stores/{store_id}/report", methods=["GET"], audience=Audience.STAFF,
              roles=("chain_admin", "store_manager"))
def report(store_id: str) -> dict | Response:
    """The store's figures per day and over the range (docs/reports.md); CSV with ?format=csv or Accept: text/csv."""
    request = staff.current_request
    who = access.staff(request)
    params = query(request)
    first, last = _date_range(params)
    found = services().reports.store_report(who, store_id, first, last)
    if wants_csv(request, params):
        return csv_response(report_csv.store_csv(found, request.headers.get("accept-language")),
                            f"report-{store_id}-{first.isoformat()}-{last.isoformat()}.csv")
    return {**found, "labels": report_csv.labels(request.headers.get("accept-language") or "zh")}


@staff.route("/staff/stores/{store_id}/daily-reports", methods=["GET"], audience=Audience.STAFF)
def daily_reports(store_id: str) -> dict:
    """What the evening run stored: each day's figures and the next day's preparation digest."""
    request = staff.current_request
    who = access.staff(request)
    first, last = _date_range(query(request))
    return {"store_id": store_id, "reports": services().staff_desk.daily_reports(who, store_id, first, last)}


@staff.route("/staff/me/password", methods=["POST"], body="OwnPassword", audience=Audience.STAFF)
def change_own_password() -> dict:
    """Change one's own password; every other session of the account ends."""
    request = staff.current_request
    who = access.staff(request)
    body = json_body(request)
    member = services().staff_admin.change_own_password(who, validation.password(body, "old"), validation.password(body, "new"))
    return {"username": member.username, "token": services().staff_access.issue(member)}
