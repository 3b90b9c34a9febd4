"""SocketPoster over API Gateway's management API (POST @connections/{id}); 410 Gone becomes SocketGone."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...domain.floor.ports import SocketGone


class ApiGatewayPoster:
    """`client`: makes the `apigatewaymanagementapi` client for the socket API's endpoint
    (https://<api id>.execute-api.<region>.amazonaws.com[.cn]/<stage>), made once, on the first post."""

    def __init__(self, client: Callable[[], Any]) -> None:
        self._make = client
        self._client: Any = None

    def post(self, connection_id: str, message: str) -> None:
        if self._client is None:
            self._client = self._make()
        client = self._client
        try:
            client.post_to_connection(ConnectionId=connection_id, Data=message.encode())
        except client.exceptions.GoneException as gone:
            raise SocketGone(connection_id) from gone
