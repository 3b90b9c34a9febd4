"""The lobby welcome board (预约欢迎板) as a self-refreshing page for a 1080p screen.

Server-rendered, no build step: the jobs still ahead or in the workshop, in pages of at most ten rows that a
small script (static/board.js) shows in turn before reloading; without the script every page shows and the
page refreshes itself. Every value is escaped, the catalogue's labels (board.*) included. The style and
the script are files served next to the staff console, so the page runs under a strict Content-Security-Policy.
"""
from __future__ import annotations

from datetime import datetime
from html import escape

from ..domain.booking.booking import Booking, expected_arrival
from ..domain.booking.promise import IN_PROGRESS, promise_of
from ..domain.floor.arrivals import LOBBY_PERIOD
from ..domain.floor.board import ON_BOARD, greeting_name, masked_plate, pages
from ..domain.messaging.catalogue import text
from ..domain.service_types import SERVICE_TYPES
from ..domain.tenancy.store import Store

# The statuses the board shows, each with its board.status.<status> label; any other is shown as it is.
BOARD_STATUSES: tuple[str, ...] = tuple(s.value for s in ON_BOARD)
_COLUMNS: tuple[str, ...] = ("time", "customer", "plate", "service", "advisor", "status")
REFRESH_SECONDS = 30  # at the least; a board of several pages reloads after its last page
PAGE_SECONDS = 10
ASSETS = "../../console"  # from /staff/stores/{store_id}/board to /staff/console/{asset}
HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


# The pairing page: no secret in it; its script posts the code of the link's #fragment (fetch: connect-src)
PAIR_HEADERS = {**HEADERS, "Content-Security-Policy": HEADERS["Content-Security-Policy"] + "; connect-src 'self'"}
PAIR_ASSETS = "../../../console"  # from /staff/stores/{store_id}/board/pair to /staff/console/{asset}


def _label(kind: str, lang: str, **values: str) -> str:
    """A board.* entry of the catalogue, escaped for the page."""
    return escape(text(f"board.{kind}", lang, **values))


def socket_headers(socket_url: str | None) -> dict[str, str]:
    """The board's headers; with a push socket, its fetch of its own rows and the socket's origin allowed."""
    if not socket_url:
        return HEADERS
    origin = "/".join(socket_url.split("/")[:3])
    return {**HEADERS, "Content-Security-Policy": HEADERS["Content-Security-Policy"] + f"; connect-src 'self' {origin}"}


def _socket_attributes(socket: tuple[str, str] | None) -> str:
    """The push socket's address and ticket for static/board.js (decision 0040); none: the board polls."""
    if socket is None:
        return ""
    return f' data-socket="{escape(socket[0])}" data-ticket="{escape(socket[1])}"'


def render(store: Store, bookings: list[Booking], now: datetime, lang: str = "zh", *,
           socket: tuple[str, str] | None = None, lobby_code: str | None = None) -> str:
    """`lobby_code`: what a customer checking in with the store's code enters when the phone's location is not
    at hand (domain/floor/arrivals.py); it changes every few minutes, and the page reloads within one."""
    local_now = now.astimezone(store.tz)
    paged = pages(bookings)
    head = "".join(f"<th>{_label(f'column.{column}', lang)}</th>" for column in _COLUMNS)
    bodies = "\n".join(_page(store, rows, n, len(paged), lang) for n, rows in enumerate(paged, start=1))
    body = (
        f"<table><thead><tr>{head}</tr></thead>\n{bodies}\n</table>"
        if bookings
        else f'<p class="empty">{_label("empty", lang)}</p>'
    )
    updated = _label("updated", lang, time=f"{local_now:%H:%M}")
    checkin = f'<div class="checkin" id="checkin-code">{_label("checkin_code", lang, code=lobby_code)}</div>' \
        if lobby_code else ""
    attributes = f'data-page-seconds="{PAGE_SECONDS}" data-refresh-seconds="{REFRESH_SECONDS}"{_socket_attributes(socket)}'
    if lobby_code:  # a pushed board fetches its rows when the code rotates, so the code on screen stays good
        attributes += f' data-code-seconds="{int(LOBBY_PERIOD.total_seconds())}"'
    pager = f'<span class="pager" id="pager">{_label("page", lang, page="1", pages=str(len(paged))) if paged else ""}</span>'
    return f"""<!doctype html>
<html lang="{_label("html_lang", lang)}"><head><meta charset="utf-8">
<noscript><meta http-equiv="refresh" content="{REFRESH_SECONDS}"></noscript>
<meta name="viewport" content="width=1920">
<title>{_label("title", lang)} · {escape(store.name)}</title><link rel="stylesheet" href="{ASSETS}/board.css"></head>
<body {attributes}><header><h1>{_label("heading", lang)}</h1>
<div class="sub">{escape(store.name)} · {local_now:%Y-%m-%d} · {updated}{pager}</div>{checkin}</header>
<main>{body}</main>
<footer>{_label("footer", lang, phone=store.phone)}</footer>
<script src="{ASSETS}/board.js"></script>
</body></html>"""


def _page(store: Store, rows: list[Booking], n: int, count: int, lang: str) -> str:
    label = _label("page", lang, page=str(n), pages=str(count))
    lines = "\n".join(_row(store, b, lang) for b in rows)
    return f'<tbody class="page" data-page="{n}" data-label="{label}">\n{lines}\n</tbody>'


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
        f'<td><span class="status {status}">{_status(status, lang)}</span>{_expected(store, b, lang)}</td></tr>'
    )


def _expected(store: Store, b: Booking, lang: str) -> str:
    """The arrival time a late customer gave (docs/product-rules.md#late-arrival), beside the status; for a job
    under way, the hand-back time expected now and, after a delay, the one first promised (#promised-time)."""
    promised = promise_of(b.events) if b.status in IN_PROGRESS else None
    if promised is not None:
        due = promised.at.astimezone(store.tz).strftime("%H:%M")
        if not promised.delays:
            return f' <span class="expected">{_label("promised", lang, time=due)}</span>'
        first = promised.first.astimezone(store.tz).strftime("%H:%M")
        return f' <span class="expected">{_label("promised_delayed", lang, time=due, first=first)}</span>'
    given = expected_arrival(b) if b.status.value in ("pending", "confirmed") else None
    if given is None:
        return ""
    due = given.at.astimezone(store.tz).strftime("%H:%M")
    return f' <span class="expected">{_label("expected_arrival", lang, time=due)}</span>'


def pairing(lang: str = "zh") -> str:
    """The lobby screen's pairing page. The pairing link carries its code after `#`, which a browser never
    sends: static/board-pair.js posts it in a body, so it reaches no request line (or access log), takes it
    out of the address bar and, once the answer has set the session cookie, opens the board."""
    return f"""<!doctype html>
<html lang="{_label("html_lang", lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=1920">
<title>{_label("title", lang)}</title><link rel="stylesheet" href="{PAIR_ASSETS}/board.css"></head>
<body><main><p class="empty" id="pairing" data-refused="{_label("pair_refused", lang)}">{_label("pairing", lang)}</p>
<noscript><p class="empty">{_label("pair_noscript", lang)}</p></noscript></main>
<script src="{PAIR_ASSETS}/board-pair.js"></script>
</body></html>"""
