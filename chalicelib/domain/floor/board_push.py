"""The lobby board pushed, not polled (decision 0040): which booking changes redraw a store's board, the
socket ticket a board page carries, and which of a store's connections are still worth a post.

A board shows today's bookings still ahead or in the workshop (board.ON_BOARD), one row each; a change
redraws it when that row appears, goes, or shows something else. The post is a bare "redraw": the board
reloads its rows through its own route, so what it shows is always what that route renders for it.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo

from ..booking.booking import Booking, expected_arrival
from ..booking.promise import promise_of
from .board import ON_BOARD

REDRAW = '{"board":"redraw"}'
# The socket ticket: a token for one store's board socket, good for nothing else, short-lived because it
# travels in the socket's address (a browser's WebSocket sends no Authorization header and no cookie of
# another host); a board page carries a fresh one, and a board reconnects only by reloading its page.
SOCKET_TICKET_ROLE = "board_socket"
SOCKET_TICKET_TTL = timedelta(minutes=2)
# API Gateway closes a WebSocket connection after two hours whatever happens; a connection is forgotten a
# little after that (the item's TTL, and no post goes to it after that).
CONNECTION_TTL = timedelta(hours=2, minutes=5)

Row = tuple[object, ...]


def board_row(booking: Booking | None, today: date, tz: tzinfo) -> Row | None:
    """What the board shows of a booking today, or None when it does not show it."""
    if booking is None or booking.start is None or booking.status not in ON_BOARD:
        return None
    if booking.start.astimezone(tz).date() != today:
        return None
    return (booking.start, booking.customer_name, booking.honorific, booking.plate, booking.service_type,
            booking.advisor, booking.status, expected_arrival(booking), promise_of(booking.events))


def redraws_board(before: Booking | None, after: Booking, now: datetime, tz: tzinfo) -> bool:
    """True when the change puts a row on today's board, takes one off, or changes what a row shows."""
    today = now.astimezone(tz).date()
    return board_row(before, today, tz) != board_row(after, today, tz)


def live_connections(connections: Mapping[str, datetime], now: datetime) -> list[str]:
    """The connections not yet past their time, in a stable order."""
    return sorted(c for c, until in connections.items() if until > now)
