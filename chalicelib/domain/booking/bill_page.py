"""The printable bill (结算单) of a booking, an A4 HTML page (docs/product-rules.md#the-bill): the store's name,
address and phone, the customer and the car, the advisor, when the car came and when the job was completed, each
line of the bill in yuan (the same wording as the CSV), the balance (or the refund due) and a line for the
customer's signature. It loads nothing but the console's own print style sheet, so the strict
Content-Security-Policy of the console holds. Pure: the caller gives the booking, its store and its bill."""
from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from .. import money
from ..tenancy.store import Store
from .bill import Bill
from .bill_csv import KINDS, STAGES
from .booking import Booking
from .lifecycle import Status

STYLE = "../../console/bill-print.css"  # from /staff/bookings/{id}/bill.html, under any stage prefix
NONE = "—"


def _when(booking: Booking, status: Status, zone: ZoneInfo) -> str:
    """The last time the booking reached that status, on the store's clock."""
    times = [e.at for e in booking.events if e.kind == status.value]
    return times[-1].astimezone(zone).strftime("%Y-%m-%d %H:%M") if times else NONE


def _row(label: str, value: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<tr{attr}><th>{escape(label)}</th><td>{escape(value)}</td></tr>"


def _facts(booking: Booking, store: Store) -> str:
    zone = ZoneInfo(store.timezone)
    facts = (("单号", booking.booking_id), ("客户", booking.customer_name), ("车牌", booking.plate),
             ("车型", booking.vehicle_model), ("里程", f"{booking.mileage} 公里"), ("服务顾问", booking.advisor or NONE),
             ("到店时间", _when(booking, Status.ARRIVED, zone)), ("完工时间", _when(booking, Status.COMPLETED, zone)))
    return '<table class="facts">' + "".join(_row(label, value) for label, value in facts) + "</table>"


def _lines(bill: Bill) -> str:
    rows = []
    for line in bill.lines:
        name = KINDS[line.kind] + (f"：{line.what}" if line.what else "")
        rows.append(f'<tr data-line="{escape(line.kind)}"><td>{escape(name)}</td>'
                    f'<td class="num">{money.yuan(line.fen)}</td></tr>')
    rows.append(f'<tr class="total"><th>合计</th><td class="num">{money.yuan(bill.charged_fen)}</td></tr>')
    rows.append(f'<tr class="balance"><th>应付余额</th><td class="num">{money.yuan(bill.balance_fen)}</td></tr>')
    if bill.refund_fen:
        rows.append(f'<tr class="refund"><th>应退定金</th><td class="num">{money.yuan(bill.refund_fen)}</td></tr>')
    return ('<table class="lines"><thead><tr><th>项目</th><th class="num">金额（元）</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def bill_page(booking: Booking, store: Store, bill: Bill, printed: datetime) -> str:
    """The whole page, UTF-8 HTML in Chinese."""
    title = STAGES[bill.stage]
    when = printed.astimezone(ZoneInfo(store.timezone)).strftime("%Y-%m-%d %H:%M")
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}（{escape(booking.booking_id)}）</title>"
        f'<link rel="stylesheet" href="{STYLE}"></head><body><main class="sheet">'
        f'<header><h1>{escape(store.name)}</h1><p class="store">地址：{escape(store.address or NONE)}　'
        f"电话：{escape(store.phone or NONE)}</p><h2>{escape(title)}</h2></header>"
        f"{_facts(booking, store)}{_lines(bill)}"
        '<p class="note">金额单位：元。定金已从应付余额中扣除。</p>'
        '<footer><p class="sign">客户签字：<span class="blank"></span>　日期：<span class="blank short"></span></p>'
        f'<p class="printed">打印时间：{when}</p></footer></main></body></html>\n'
    )
