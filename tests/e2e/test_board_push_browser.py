"""The lobby board pushed (decision 0040) in a real headless Chromium: the page opens its socket with the
ticket it carries, and a "redraw" swaps in the new rows without reloading the page. The WebSocket is Playwright's
stand-in for API Gateway's (page.route_web_socket): `chalice local` serves no WebSocket."""
from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from chalicelib.adapters.memory.board_sockets import RecordingPoster
from chalicelib.domain.people.staff import Role, StaffAccess
from chalicelib.services.floor.board_push import BoardPush
from tests.e2e.test_board_browser import _board_url, _phone, todays_bookings  # noqa: F401 (a fixture)

SOCKET = "wss://board-socket.test/api"


@pytest.fixture
def pushed(svc, monkeypatch):
    """The container as a stage with a socket API has it (BOARD_SOCKET_URL, a poster)."""
    monkeypatch.setattr(svc, "settings", replace(svc.settings, board_socket_url=SOCKET))
    push = BoardPush(svc.ports.board_sockets, RecordingPoster(), svc.ports.stores, svc.ports.tokens, svc.clock)
    monkeypatch.setattr(svc, "board_push", push)
    return push


def test_a_pushed_redraw_shows_the_change_without_reloading_the_page(server, todays_bookings, pushed, svc,  # noqa: F811
                                                                       browser):
    from playwright.sync_api import expect

    sockets = []
    page = browser.new_page(viewport={"width": 1920, "height": 1080})

    def stand_in(route) -> None:  # API Gateway's side: opened, never connected on to a server
        sockets.append(route)

    page.route_web_socket(re.compile(r"^wss://board-socket\.test/"), stand_in)
    with page.expect_navigation(url=re.compile(r"/staff/stores/pudong/board$")):
        page.goto(_board_url(server, todays_bookings))
    expect(page.locator("body")).to_have_attribute("data-pushed", "yes")
    [socket] = sockets
    [ticket] = parse_qs(urlsplit(socket.url).query)["ticket"]
    assert pushed.connect("conn-browser", ticket).store_ids == ("pudong",)  # the ticket $connect admits
    expect(page.locator("tbody tr")).to_have_count(3)
    page.evaluate("window.stillTheSamePage = true")

    mgr = StaffAccess("mgr", todays_bookings, Role.STORE_MANAGER, frozenset({"pudong"}))
    svc.staff_ops.book(mgr, "pudong", _phone("2026-11-23T12:00:00+08:00", "王芳", "沪B22222", "女士"))
    socket.send('{"board":"redraw"}')

    expect(page.locator("tbody tr")).to_have_count(4)
    expect(page.locator("tbody tr").nth(3).locator("td.name")).to_have_text("王女士")
    assert page.evaluate("window.stillTheSamePage") is True  # swapped in, not reloaded
    assert page.locator("#pager").inner_text() == "第 1/1 页"
    socket.close()  # API Gateway's two hours are up: the board goes back to its reload cycle until it reopens
    expect(page.locator("body")).to_have_attribute("data-pushed", "no")
