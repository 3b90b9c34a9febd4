"""The lobby board's WebSocket (decision 0040): $connect admits a board page's socket ticket for its store.

A browser's WebSocket sends no Authorization header, and the board's session cookie belongs to the API's host
and the board's path: the page carries a short-lived ticket instead (?ticket=, see domain/floor/board_push.py).
Messages (the board's keep-alive pings) are answered by API Gateway itself (a MOCK route, infra/board_socket.py)
and $disconnect has no route: a closed connection is forgotten on the next post's 410 Gone, or by its TTL.
`chalice local` serves no WebSocket: locally the page carries no ticket and the board polls.
"""
from __future__ import annotations

from typing import Any

from chalice.app import Response, WebsocketEvent

from ..container import services
from ..domain.errors import DomainError
from .errors import error_response, status_of


def connect(event: WebsocketEvent) -> Response:
    """Admit the connection (200) for a valid ticket; any other answer refuses it (API Gateway closes it)."""
    query: dict[str, Any] = event.to_dict().get("queryStringParameters") or {}
    try:
        services().board_push.connect(event.connection_id, query.get("ticket"))
    except DomainError as refused:
        return error_response(status_of(refused), refused.code, refused.message, refused.field)
    return Response(body="", status_code=200)
