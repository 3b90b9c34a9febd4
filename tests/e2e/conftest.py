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
    """The app on a live local HTTP server (127.0.0.1, a free port) over the `svc` container, for a browser;
    shut down and its port closed whatever the test did."""
    import threading

    from chalice.config import Config
    from chalice.local import LocalChalice, LocalDevServer, create_local_server

    config = Config.create(chalice_stage="local")
    # port 0: the server binds a free port itself (no gap for another process to take it)
    if isinstance(app, LocalChalice):  # chalice turns the app into its local kind once per process
        local = LocalDevServer(app, config, "127.0.0.1", 0)
    else:
        local = create_local_server(app, config, "127.0.0.1", 0)
    port = local.server.server_address[1]
    thread = threading.Thread(target=local.server.serve_forever, daemon=True)  # it listens already: no wait
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        local.shutdown()  # returns once serve_forever has ended
        thread.join()
        local.server.server_close()


class _Browser:
    """A launched browser whose pages wait for states (expect, actions, navigations) up to
    patience.BROWSER_MS: a hang guard, never a pace. Everything else is the Playwright browser's."""

    def __init__(self, launched):
        self._launched = launched

    def new_page(self, **options):
        from tests.support.patience import BROWSER_MS

        page = self._launched.new_page(**options)
        page.set_default_timeout(BROWSER_MS)
        page.set_default_navigation_timeout(BROWSER_MS)
        return page

    def __getattr__(self, name):
        return getattr(self._launched, name)


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium driven by Playwright (its own browser download cannot work here), launched
    once per worker: a launch costs about a second, and every test gets contexts of its own (`browser`)."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from tests.support.patience import BROWSER_MS

    executable = "/usr/bin/chromium"
    assert Path(executable).exists(), "Debian chromium is installed by `make test` (apt-get install chromium)"
    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=executable, timeout=BROWSER_MS,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def browser(chromium):
    """The worker's Chromium, as a test sees it: each page in a context of its own (cookies, storage and cache
    are the context's), and every context the test opened closed when it ends, as if the browser were new.
    Every wait in a browser test is for a state, and on a busy machine a state only comes later: Playwright's
    default limits (5 s for expect, 30 s for actions and the launch) are raised to patience.BROWSER_MS."""
    from playwright.sync_api import expect

    from tests.support.patience import BROWSER_MS

    expect.set_options(timeout=BROWSER_MS)
    try:
        yield _Browser(chromium)
    finally:
        try:
            for context in list(chromium.contexts):
                context.close()
        finally:
            expect.set_options(timeout=None)
