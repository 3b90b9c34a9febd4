"""The lobby welcome board (预约欢迎板) as a self-refreshing page for a 1080p screen.

Server-rendered, no build step, no script: a TV browser only has to load it. Every value is escaped, the
catalogue's labels (board.*) included.
"""
from __future__ import annotations

from datetime import datetime
from html import escape

from ..domain.board import greeting_name, masked_plate
from ..domain.booking import Booking
from ..domain.catalogue import text
from ..domain.service_types import SERVICE_TYPES
from ..domain.store import Store

# The statuses the board shows, each with its board.status.<status> label; any other is shown as it is.
BOARD_STATUSES: tuple[str, ...] = ("pending", "confirmed", "arrived", "in_service", "completed")
_COLUMNS: tuple[str, ...] = ("time", "customer", "plate", "service", "advisor", "status")
REFRESH_SECONDS = 30

_STYLE = """
*{box-sizing:border-box}body{margin:0;background:#0b1f3a;color:#f4f6fb;font-family:"Noto Sans CJK SC","Microsoft YaHei",
"PingFang SC",sans-serif;font-size:34px}header{display:flex;justify-content:space-between;align-items:baseline;
padding:32px 56px 16px;border-bottom:4px solid #c9a44c}h1{margin:0;font-size:64px;letter-spacing:4px}
.sub{font-size:32px;color:#c9d3e6}table{width:100%;border-collapse:collapse;margin-top:8px}
th{font-size:30px;color:#c9a44c;text-align:left;padding:18px 56px;font-weight:normal}
td{padding:20px 56px;border-bottom:1px solid #24416b}tr:nth-child(even) td{background:#10294b}
.time{font-variant-numeric:tabular-nums;font-weight:bold}.plate{letter-spacing:2px}
.status{display:inline-block;min-width:150px;text-align:center;border-radius:10px;padding:6px 18px;font-size:30px}
.pending{background:#5b6b82}.confirmed{background:#1f6feb}.arrived{background:#2ea043}.in_service{background:#d29922;color:#111}
.completed{background:#3d4f66}.empty{padding:80px 56px;color:#c9d3e6}footer{position:fixed;bottom:0;width:100%;
padding:18px 56px;font-size:28px;color:#c9d3e6;background:#081629}
"""


def _label(kind: str, lang: str, **values: str) -> str:
    """A board.* entry of the catalogue, escaped for the page."""
    return escape(text(f"board.{kind}", lang, **values))


def render(store: Store, bookings: list[Booking], now: datetime, lang: str = "zh") -> str:
    local_now = now.astimezone(store.tz)
    rows = "\n".join(_row(store, b, lang) for b in bookings)
    head = "".join(f"<th>{_label(f'column.{column}', lang)}</th>" for column in _COLUMNS)
    body = (
        f"<table><thead><tr>{head}</tr></thead><tbody>\n{rows}\n</tbody></table>"
        if bookings
        else f'<p class="empty">{_label("empty", lang)}</p>'
    )
    updated = _label("updated", lang, time=f"{local_now:%H:%M}")
    return f"""<!doctype html>
<html lang="{_label("html_lang", lang)}"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="{REFRESH_SECONDS}">
<meta name="viewport" content="width=1920">
<title>{_label("title", lang)} · {escape(store.name)}</title><style>{_STYLE}</style></head>
<body><header><h1>{_label("heading", lang)}</h1>
<div class="sub">{escape(store.name)} · {local_now:%Y-%m-%d} · {updated}</div></header>
<main>{body}</main>
<footer>{_label("footer", lang, phone=store.phone)}</footer>
</body></html>"""


def _status(status: str, lang: str) -> str:
    return _label(f"status.{status}", lang) if status in BOARD_STATUSES else escape(status)


def _row(store: Store, b: Booking, lang: str) -> str:
    start = b.start.astimezone(store.tz).strftime("%H:%M") if b.start else "--:--"
    service = SERVICE_TYPES[b.service_type].name_zh if b.service_type in SERVICE_TYPES else b.service_type
    status = b.status.value
    advisor = escape(b.advisor) if b.advisor else _label("advisor_unassigned", lang)
    return (
        f'<tr data-booking="{escape(b.booking_id)}"><td class="time">{start}</td>'
        f'<td class="name">{escape(greeting_name(b.customer_name, b.honorific))}</td>'
        f'<td class="plate">{escape(masked_plate(b.plate))}</td><td>{escape(service)}</td>'
        f'<td class="advisor">{advisor}</td>'
        f'<td><span class="status {status}">{_status(status, lang)}</span></td></tr>'
    )
