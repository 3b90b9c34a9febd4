"""What tells a booking's advisor that a customer booked online (docs/product-rules.md#wecom-for-staff): a
staff message in the booking's own transaction, sent at once by the staff delivery. Only an advisor linked to
WeCom who wants booking notices gets one: a message per booking is too many for SMS or the official account."""
from __future__ import annotations

from datetime import datetime

from ..booking.booking import Booking
from ..messaging import catalogue, staff_notices
from ..messaging.outbox import OutboxRecord
from ..people.staff_member import StaffMember
from ..tenancy.store import Store

STAFF_BOOKING_NEW = "staff_booking_new"


def wants_booking_notice(member: StaffMember | None) -> bool:
    return (member is not None and not member.disabled and bool(member.wecom_userid)
            and staff_notices.wants(member.notices, STAFF_BOOKING_NEW))


def booking_notice(booking: Booking, store: Store, member: StaffMember, now: datetime, link: str) -> OutboxRecord:
    local = booking.start.astimezone(store.tz) if booking.start else now.astimezone(store.tz)
    values = {"name": booking.customer_name, "plate": booking.plate, "time": f"{local.month}月{local.day}日 {local:%H:%M}"}
    title = catalogue.text("staff_notice.booking_new.title", "zh", **values)
    text = catalogue.text("staff_notice.booking_new.text", "zh", **values)
    context = {"title": title, "text": text, "link": link, "store": store.name, "day": local.date().isoformat(),
               # WeCom only: no phone or openid, so no other channel stands in when WeCom refuses
               "username": member.username, "wecom_userid": member.wecom_userid, "booking_id": booking.booking_id,
               "notice": "booking_new"}
    return OutboxRecord(
        dedupe_key=f"{booking.chain_id}#{booking.booking_id}#{STAFF_BOOKING_NEW}#{member.username}",
        chain_id=booking.chain_id, customer_id=f"staff:{member.username}", kind=STAFF_BOOKING_NEW,
        context={k: v for k, v in context.items() if v is not None}, store_id=store.store_id,
        booking_id=booking.booking_id,
    )
