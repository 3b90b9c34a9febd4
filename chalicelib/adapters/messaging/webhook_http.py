"""Posting a signed webhook delivery, and resolving an endpoint's host (decision 0035).

The connection goes to the address the check let through (`address`), with the URL's host kept for TLS (SNI
and certificate) and the Host header, so a name that resolves to a public address when checked cannot be
re-resolved to an internal one between the check and the connection. Redirects are never followed (a
3xx is a failed try), and nothing of the answer is read beyond its status.
"""
from __future__ import annotations

import http.client
import socket
import ssl
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 5.0


class SystemResolver:
    def addresses(self, host: str) -> list[str]:
        try:
            found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError):
            return []
        return list(dict.fromkeys(str(info[4][0]) for info in found))


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int | None, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int | None, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class HttpWebhookTransport:
    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self._timeout = timeout

    def post(self, url: str, address: str | None, body: bytes, headers: dict[str, str]) -> int:
        parts = urlsplit(url)
        host = parts.hostname or ""
        connection = self._connection(parts.scheme, host, parts.port, address or host)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("POST", path, body=body, headers={**headers, "user-agent": "appt-webhooks/1"})
            return connection.getresponse().status
        except (http.client.HTTPException, ssl.SSLError) as error:
            raise OSError(f"{type(error).__name__}: {error}") from error
        finally:
            connection.close()

    def _connection(self, scheme: str, host: str, port: int | None, address: str) -> http.client.HTTPConnection:
        if scheme == "https":
            return _PinnedHTTPSConnection(host, port, address, self._timeout)
        return _PinnedHTTPConnection(host, port, address, self._timeout)
