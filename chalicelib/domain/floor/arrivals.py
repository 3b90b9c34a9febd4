"""Checking in on arrival with the store's mini-program code (docs/product-rules.md#qr-check-in).

Each store has a mini-program code printed at reception. WeChat's unlimited code carries a `scene` of at most
32 characters of a fixed set, so the scene is a short random code of the store, looked up on the server (it
names neither the chain nor the store). A photo of the poster works from anywhere, so an arrival also needs
presence: the phone's location within ARRIVAL_RADIUS_M of the store, or the code the lobby board shows, which
changes every LOBBY_PERIOD (the one before it is still taken, for a customer who read it just before it
changed). Then the customer's booking of today at that store is checked in and its advisor told at once;
without one, the customer joins the walk-in queue.
"""
from __future__ import annotations

import hashlib
import hmac
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..booking.booking import Booking
from ..booking.lifecycle import Status
from ..errors import Forbidden
from ..messaging import catalogue
from ..messaging.outbox import OutboxRecord
from ..people.staff_member import StaffMember
from ..tenancy.store import Store, distance_km

SCENE_ALPHABET = string.digits + string.ascii_lowercase  # inside WeChat's scene set, and easy to read out
SCENE_LENGTH = 10  # 36^10: not guessable, and far below the scene's 32 characters
CHECKIN_PAGE = "pages/checkin/index"  # the mini-program page the code opens, with ?scene=<code>
ARRIVAL_RADIUS_M = 300.0  # the phone must be this close to the store's location (GCJ-02, as WeChat gives it)
LOBBY_PERIOD = timedelta(minutes=5)
LOBBY_DIGITS = 4
# the staff notice an arrival sends (an outbox kind of messages to staff, domain/messaging/staff_messages.py);
# a staff channel (SMS or the official account today, WeCom next) hangs on this kind
CUSTOMER_ARRIVED = "customer_arrived"
STAFF_CUSTOMER_ARRIVED = f"staff_{CUSTOMER_ARRIVED}"
CHECKS_IN = frozenset({Status.PENDING, Status.CONFIRMED})


@dataclass(frozen=True)
class StoreCode:
    code: str  # the scene of the store's mini-program code
    chain_id: str
    store_id: str
    secret: str  # hex: what the lobby board's rotating code is made from


def new_store_code(chain_id: str, store_id: str, random_bytes: Callable[[int], bytes]) -> StoreCode:
    raw = random_bytes(SCENE_LENGTH + 32)
    code = "".join(SCENE_ALPHABET[b % len(SCENE_ALPHABET)] for b in raw[:SCENE_LENGTH])
    return StoreCode(code, chain_id, store_id, raw[SCENE_LENGTH:].hex())


def lobby_code(code: StoreCode, at: datetime) -> str:
    """The code the lobby board shows at `at`: digits from an HMAC of the store's secret and the period."""
    period = int(at.astimezone(UTC).timestamp() // LOBBY_PERIOD.total_seconds())
    digest = hmac.new(bytes.fromhex(code.secret), f"{code.store_id}#{period}".encode(), hashlib.sha256).digest()
    return str(int.from_bytes(digest[:8], "big") % 10**LOBBY_DIGITS).zfill(LOBBY_DIGITS)


def lobby_code_ok(code: StoreCode, given: str, now: datetime) -> bool:
    return any(hmac.compare_digest(lobby_code(code, at), given) for at in (now, now - LOBBY_PERIOD))


def ensure_present(store: Store, code: StoreCode, now: datetime, location: tuple[float, float] | None,
                   lobby: str | None) -> str:
    """How the customer showed they are at the store ("location" or "lobby_code"); refused otherwise."""
    if location is not None and store.location is not None and distance_km(location, store.location) * 1000 <= ARRIVAL_RADIUS_M:
        return "location"
    if lobby and lobby_code_ok(code, lobby, now):
        return "lobby_code"
    raise Forbidden("check-in needs you at the store: share your location there, or enter the code on the lobby "
                    "screen", field="lobby_code" if lobby else "location", code="not_at_store")


def todays_booking(bookings: Iterable[Booking], store: Store, now: datetime) -> Booking | None:
    """The customer's booking at this store today that checking in moves on (the earliest), or an arrival
    already recorded (checking in twice changes nothing)."""
    today = now.astimezone(store.tz).date()
    mine = sorted((b for b in bookings if b.store_id == store.store_id and b.start is not None
                   and b.start.astimezone(store.tz).date() == today), key=lambda b: b.start or now)
    return next((b for b in mine if b.status in CHECKS_IN), None) or next(
        (b for b in mine if b.status is Status.ARRIVED), None)


def arrival_notice(booking: Booking, store: Store, member: StaffMember, now: datetime, link: str) -> OutboxRecord:
    """What tells `member` (the booking's advisor, or a manager of the store) that the customer is here: a
    staff message, sent by the staff delivery (template message or SMS) as soon as the check-in commits."""
    local = booking.start.astimezone(store.tz) if booking.start else now.astimezone(store.tz)
    values = {"name": booking.customer_name, "plate": booking.plate, "time": f"{local:%H:%M}"}
    title = catalogue.text("staff_notice.customer_arrived.title", "zh", **values)
    text = catalogue.text("staff_notice.customer_arrived.text", "zh", **values)
    context = {"title": title, "text": text, "link": link, "store": store.name, "day": local.date().isoformat(),
               "username": member.username, "phone": member.phone, "oa_openid": member.oa_openid,
               "wecom_userid": member.wecom_userid, "booking_id": booking.booking_id, "notice": CUSTOMER_ARRIVED}
    return OutboxRecord(
        dedupe_key=f"{booking.chain_id}#{booking.booking_id}#{STAFF_CUSTOMER_ARRIVED}#{member.username}",
        chain_id=booking.chain_id, customer_id=f"staff:{member.username}", kind=STAFF_CUSTOMER_ARRIVED,
        context={k: v for k, v in context.items() if v is not None}, store_id=store.store_id,
        booking_id=booking.booking_id,
    )
