"""The lobby board pushed over an API Gateway WebSocket (decision 0040): a board page carries a short-lived
socket ticket; $connect admits a connection for the ticket's store only; after a booking change commits, the
store's open connections get a "redraw" (the board then reloads its rows through its own route); a
connection API Gateway says is gone (410) is forgotten. Without a poster (the local run: `chalice local` has
no WebSocket) there is no ticket, no connection and no post: the board polls as before."""
from __future__ import annotations

import logging

from ...domain.booking.change import BookingChange
from ...domain.errors import Unauthorized
from ...domain.floor.board_push import (
    CONNECTION_TTL,
    REDRAW,
    SOCKET_TICKET_ROLE,
    SOCKET_TICKET_TTL,
    live_connections,
    redraws_board,
)
from ...domain.floor.ports import BoardSockets, SocketGone, SocketPoster
from ...domain.people.ports import Tokens
from ...domain.people.principal import Principal
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog

log = logging.getLogger(__name__)


class BoardPush:
    def __init__(self, sockets: BoardSockets, poster: SocketPoster | None, stores: StoreCatalog, tokens: Tokens,
                 clock: Clock) -> None:
        self._sockets, self._poster, self._stores, self._tokens, self._clock = sockets, poster, stores, tokens, clock

    @property
    def enabled(self) -> bool:
        return self._poster is not None

    def ticket(self, viewer: Principal, store_id: str) -> str | None:
        """A socket ticket for the store's board, for a viewer the board route has admitted; None without push."""
        if self._poster is None:
            return None
        principal = Principal(f"board-socket:{store_id}", viewer.chain_id, SOCKET_TICKET_ROLE, (store_id,))
        return self._tokens.issue(principal, self._clock.now(), ttl=SOCKET_TICKET_TTL)

    def connect(self, connection_id: str, ticket: str | None) -> Principal:
        """$connect: admit the connection for its ticket's store, or refuse (Unauthorized)."""
        now = self._clock.now()
        who = self._tokens.verify(f"Bearer {ticket}" if ticket else None, now)
        if who.role != SOCKET_TICKET_ROLE or len(who.store_ids) != 1:
            raise Unauthorized("not a board socket ticket", field="ticket", code="invalid_token")
        self._stores.get(who.chain_id, who.store_ids[0])
        self._sockets.add(who.chain_id, who.store_ids[0], connection_id, now + CONNECTION_TTL)
        return who

    def committed(self, change: BookingChange) -> None:
        """After the commit: a "redraw" to each open board of the store when the change redraws it. Best effort:
        a failure is logged, the booking change stands and the board's next reload shows it."""
        if self._poster is None:
            return
        booking = change.after
        try:
            store = self._stores.get(booking.chain_id, booking.store_id)
            if redraws_board(change.before, booking, self._clock.now(), store.tz):
                self.redraw(booking.chain_id, booking.store_id)
        except Exception:  # the change is committed: the push must not fail the request
            log.exception("board push failed for store %s", booking.store_id)

    def redraw(self, chain_id: str, store_id: str) -> int:
        """Post "redraw" to the store's open connections, forget the gone ones; returns how many were posted."""
        assert self._poster is not None
        known = self._sockets.of_store(chain_id, store_id)
        now = self._clock.now()
        live = live_connections(known, now)
        gone = [c for c in known if c not in live]
        for connection_id in live:
            try:
                self._poster.post(connection_id, REDRAW)
            except SocketGone:
                gone.append(connection_id)
        if gone:
            self._sockets.remove(chain_id, store_id, sorted(gone))
        return len(live) - len([c for c in gone if c in live])
