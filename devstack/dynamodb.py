"""The embedded DynamoDB-compatible server: moto in server mode, on loopback, over real HTTP.

moto applies a TransactWriteItems by snapshotting whole tables and restoring them when any condition fails,
so two requests handled at once can undo each other's committed writes. DynamoDB itself never does that.
A lock around each request gives moto DynamoDB's guarantee (every request atomic and isolated) while the
HTTP server stays threaded for many concurrent clients; with the lock, a transaction checks all its
conditions and then writes, with no whole-table copies (devstack/moto_transactions.py).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server

from devstack import moto_transactions


class _OneRequestAtATime:
    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self._app = app
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with self._lock:
            return list(self._app(environ, start_response))


class EmbeddedDynamo:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        moto_transactions.install()
        app = _OneRequestAtATime(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(host, port, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> EmbeddedDynamo:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()  # returns once serve_forever has ended
        self._thread.join()
        self._server.server_close()  # the port is free again
