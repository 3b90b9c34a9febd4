"""The lobby welcome board in a real headless Chromium (Debian's, driven by Playwright): today's bookings in
order, surnames with honorifics, masked plates, readable sizes; a screenshot is kept in artifacts/."""
from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest
import requests

from app import app
from chalicelib.domain import validation
from chalicelib.domain.staff import Role, StaffAccess
from tests.e2e.test_staff_api import PHONE_BOOKING, add_staff

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def server(svc):
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


def _phone(start: str, name: str, plate: str, honorific=None, advisor=None):
    customer = {"name": name, "phone": "13800138000", **({"honorific": honorific} if honorific else {})}
    return validation.staff_booking_request({
        **PHONE_BOOKING, "start": start, "customer": customer,
        "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}, **({"advisor": advisor} if advisor else {}),
    })


@pytest.fixture
def todays_bookings(svc, chain):
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    ops = svc.staff_ops
    # booked while no advisor is on duty: these two show as unassigned
    ops.book(mgr, "pudong", _phone("2026-11-23T10:00:00+08:00", "欧阳娜娜", "沪AD12345", "女士"))
    ops.book(mgr, "pudong", _phone("2026-11-23T09:30:00+08:00", "李雷", "京N8P8F8"))
    add_staff(chain, "wang", Role.ADVISOR, {"pudong"})
    first = ops.book(mgr, "pudong", _phone("2026-11-23T09:00:00+08:00", "张伟", "沪A12345", "先生", advisor="wang"))
    gone = ops.book(mgr, "pudong", _phone("2026-11-23T11:00:00+08:00", "赵敏", "沪C99999", "女士"))
    ops.act(mgr, gone.booking_id, "cancel", {})
    ops.act(mgr, first.booking_id, "check-in", {})
    ops.book(mgr, "pudong", _phone("2026-11-24T09:00:00+08:00", "明天", "沪E11111"))  # tomorrow: not on today's board
    return chain


def _board_url(server: str, chain: str) -> str:
    login = {"chain_id": chain, "username": "mgr", "password": "mgr-pass"}
    token = requests.post(f"{server}/staff/login", json=login, timeout=10).json()["token"]
    minted = requests.post(f"{server}/staff/stores/pudong/board-token", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert minted.status_code == 200, minted.text
    return server + minted.json()["url"]


def test_board_in_headless_chromium(server, todays_bookings):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian chromium is installed by `make test` (apt-get install chromium)"
    url = _board_url(server, todays_bookings)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        response = page.goto(url)
        assert response is not None and response.status == 200
        assert page.title() == "预约欢迎板 · 浦东店"
        rows = page.locator("tbody tr")
        assert rows.count() == 3
        table = [[cell.strip() for cell in rows.nth(i).locator("td").all_inner_texts()] for i in range(3)]
        assert table == [
            ["09:00", "张先生", "沪A·***45", "维修", "wang顾问", "已到店"],
            ["09:30", "李**", "京N·***F8", "维修", "待分配", "待确认"],
            ["10:00", "欧阳女士", "沪A·****45", "维修", "待分配", "待确认"],
        ]
        html = page.content()
        for secret in ("沪A12345", "沪AD12345", "张伟", "13800138000", "赵敏"):
            assert secret not in html
        assert page.locator('meta[http-equiv="refresh"]').get_attribute("content") == "30"
        size = page.eval_on_selector("td.name", "el => parseFloat(getComputedStyle(el).fontSize)")
        assert size >= 30  # readable across a lobby on a 1080p screen
        page.screenshot(path=str(ARTIFACTS / "welcome-board.png"), full_page=True)
        browser.close()
    assert (ARTIFACTS / "welcome-board.png").stat().st_size > 10_000


def test_the_board_pairs_by_a_short_lived_link_and_keeps_no_secret_in_its_url(server, todays_bookings, svc):
    url = _board_url(server, todays_bookings)
    paired = requests.get(url, timeout=10, allow_redirects=False)
    assert paired.status_code == 303 and paired.headers["Location"] == "/staff/stores/pudong/board"
    cookie = paired.headers["Set-Cookie"]
    assert all(flag in cookie for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/staff/stores/pudong/board"))
    session = paired.cookies["board_session"]
    board = requests.get(f"{server}/staff/stores/pudong/board", cookies={"board_session": session}, timeout=10)
    assert board.status_code == 200 and board.headers["Content-Type"].startswith("text/html")
    assert session not in board.text
    # the session is for one store's board and nothing else
    assert requests.get(f"{server}/staff/stores/xuhui/board", cookies={"board_session": session}, timeout=10).status_code == 404
    as_staff = requests.get(f"{server}/staff/stores/pudong/bookings", headers={"Authorization": f"Bearer {session}"}, timeout=10)
    assert as_staff.status_code == 401 and as_staff.json()["error"]["code"] == "not_staff"
    # a token in the URL opens nothing any more, and the link itself is no session
    assert requests.get(f"{server}/staff/stores/pudong/board?token={session}", timeout=10).status_code == 401
    link = url.split("link=")[1]
    assert requests.get(f"{server}/staff/stores/pudong/board", cookies={"board_session": link}, timeout=10).status_code == 401
    assert requests.get(f"{server}/staff/stores/xuhui/board/pair?link={link}", timeout=10).status_code == 401
    svc.clock.advance(minutes=11)  # the link is short-lived
    assert requests.get(url, timeout=10, allow_redirects=False).status_code == 401
    forged = requests.get(f"{server}/staff/stores/pudong/board", cookies={"board_session": "forged"}, timeout=10)
    assert json.loads(forged.text)["error"]["code"] == "invalid_token"
