"""The HTTP edge through Chalice's test client, on the container the `svc` fixture built; `people`: the
staff accounts of tests/e2e/test_staff_api.py in a fresh chain."""
from __future__ import annotations

import pytest
from chalice.test import Client

from app import app


@pytest.fixture
def client(svc):
    with Client(app) as c:
        yield c.http


@pytest.fixture
def people(chain):
    from tests.e2e.test_staff_api import STAFF, add_staff

    for username, (role, stores) in STAFF.items():
        add_staff(chain, username, role, stores)
    return chain


@pytest.fixture
def server(svc):
    """The app on a live local HTTP server (127.0.0.1, a free port) over the `svc` container, for a browser."""
    import socket
    import threading

    from chalice.config import Config
    from chalice.local import LocalChalice, LocalDevServer, create_local_server

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = Config.create(chalice_stage="local")
    if isinstance(app, LocalChalice):  # chalice turns the app into its local kind once per process
        local = LocalDevServer(app, config, "127.0.0.1", port)
    else:
        local = create_local_server(app, config, "127.0.0.1", port)
    thread = threading.Thread(target=local.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    local.shutdown()


@pytest.fixture
def browser():
    """Debian's headless Chromium driven by Playwright (its own browser download cannot work here)."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    chromium = "/usr/bin/chromium"
    assert Path(chromium).exists(), "Debian chromium is installed by `make test` (apt-get install chromium)"
    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield launched
        launched.close()
