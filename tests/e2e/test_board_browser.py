"""The lobby welcome board in a real headless Chromium (Debian's, driven by Playwright): today's bookings in
order, surnames with honorifics, masked plates, readable sizes; a screenshot is kept in artifacts/."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from chalicelib.domain import staff_requests
from chalicelib.domain.people.staff import Role, StaffAccess
from tests.e2e.test_staff_api import PHONE_BOOKING, add_staff
from tests.support.patience import ANSWER

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def _phone(start: str, name: str, plate: str, honorific=None, advisor=None):
    customer = {"name": name, "phone": "13800138000", **({"honorific": honorific} if honorific else {})}
    return staff_requests.staff_booking_request({
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
    token = requests.post(f"{server}/staff/login", json=login, timeout=ANSWER).json()["token"]
    minted = requests.post(f"{server}/staff/stores/pudong/board-token", headers={"Authorization": f"Bearer {token}"},
                           timeout=ANSWER)
    assert minted.status_code == 200, minted.text
    return server + minted.json()["url"]


def test_board_in_headless_chromium(server, todays_bookings, browser):
    url = _board_url(server, todays_bookings)
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    with page.expect_navigation(url=f"{server}/staff/stores/pudong/board") as board:
        page.goto(url)  # the pairing page: it posts the link's code and goes on to the board
    assert board.value is not None and board.value.status == 200
    assert page.title() == "预约欢迎板 · 浦东店"
    rows = page.locator("tbody tr")
    assert rows.count() == 3
    table = [[cell.strip() for cell in rows.nth(i).locator("td").all_inner_texts()] for i in range(3)]
    assert table == [
        ["09:00", "张先生", "沪A·***45", "维修", "wang顾问", "已到店 预计10:30交车"],  # the promised time (#promised-time)
        ["09:30", "李**", "京N·***F8", "维修", "待分配", "待确认"],
        ["10:00", "欧阳女士", "沪A·****45", "维修", "待分配", "待确认"],
    ]
    html = page.content()
    for secret in ("沪A12345", "沪AD12345", "张伟", "13800138000", "赵敏"):
        assert secret not in html
    assert page.locator("body").get_attribute("data-refresh-seconds") == "30"
    assert page.locator("#pager").inner_text() == "第 1/1 页"
    size = page.eval_on_selector("td.name", "el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 30  # readable across a lobby on a 1080p screen
    page.screenshot(path=str(ARTIFACTS / "welcome-board.png"), full_page=True)
    assert (ARTIFACTS / "welcome-board.png").stat().st_size > 10_000


def test_a_pairing_code_travels_in_the_fragment_and_never_reaches_a_request_line(server, todays_bookings, browser,
                                                                                 capsys):
    """The code is in the link's #fragment, which a browser never sends: the page posts it in a body. So no
    request line (the local server's access log here, API Gateway's or a proxy's deployed) ever holds it."""
    url = _board_url(server, todays_bookings)
    path, code = url.split("#", 1)
    assert path == f"{server}/staff/stores/pudong/board/pair" and code
    page = browser.new_page()
    with page.expect_navigation(url=f"{server}/staff/stores/pudong/board"):
        page.goto(url)
    assert "#" not in page.url and page.title() == "预约欢迎板 · 浦东店"
    [cookie] = [c for c in page.context.cookies() if c["name"] == "board_session"]
    assert cookie["httpOnly"] and cookie["path"] == "/staff/stores/pudong/board"
    again = requests.post(path, json={"link": code}, timeout=ANSWER)  # one screen per link
    assert again.status_code == 401 and again.json()["error"]["field"] == "link"
    request_lines = capsys.readouterr().err
    assert "POST /staff/stores/pudong/board/pair HTTP" in request_lines and code not in request_lines
    # a link of the old shape (the code in the query) pairs nothing: whatever logged it holds a dead code
    fresh = _board_url(server, todays_bookings).split("#", 1)[1]
    legacy = requests.get(f"{path}?link={fresh}", timeout=ANSWER, allow_redirects=False)
    assert legacy.status_code == 200 and "Set-Cookie" not in legacy.headers


def test_the_board_pairs_by_a_short_lived_link_and_keeps_no_secret_in_its_url(server, todays_bookings, svc):
    url = _board_url(server, todays_bookings)
    path, code = url.split("#", 1)
    paired = requests.post(path, json={"link": code}, timeout=ANSWER)
    assert paired.status_code == 200 and paired.json() == {"board": "/staff/stores/pudong/board"}
    assert paired.headers["Cache-Control"] == "no-store"
    cookie = paired.headers["Set-Cookie"]
    assert all(flag in cookie for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/staff/stores/pudong/board"))
    session = paired.cookies["board_session"]
    board = requests.get(f"{server}/staff/stores/pudong/board", cookies={"board_session": session}, timeout=ANSWER)
    assert board.status_code == 200 and board.headers["Content-Type"].startswith("text/html")
    assert session not in board.text
    # the session is for one store's board and nothing else
    assert requests.get(f"{server}/staff/stores/xuhui/board", cookies={"board_session": session},
                        timeout=ANSWER).status_code == 404
    as_staff = requests.get(f"{server}/staff/stores/pudong/bookings", headers={"Authorization": f"Bearer {session}"},
                            timeout=ANSWER)
    assert as_staff.status_code == 401 and as_staff.json()["error"]["code"] == "not_staff"
    # a token in the URL opens nothing any more, and the link itself is no session
    assert requests.get(f"{server}/staff/stores/pudong/board?token={session}", timeout=ANSWER).status_code == 401
    link = _board_url(server, todays_bookings).split("#", 1)[1]
    assert requests.get(f"{server}/staff/stores/pudong/board", cookies={"board_session": link}, timeout=ANSWER).status_code == 401
    assert requests.post(f"{server}/staff/stores/xuhui/board/pair", json={"link": link}, timeout=ANSWER).status_code == 401
    svc.clock.advance(minutes=11)  # the link is short-lived
    assert requests.post(path, json={"link": link}, timeout=ANSWER).status_code == 401
    forged = requests.get(f"{server}/staff/stores/pudong/board", cookies={"board_session": "forged"}, timeout=ANSWER)
    assert json.loads(forged.text)["error"]["code"] == "invalid_token"


@pytest.fixture
def busy_day(svc, chain):
    """44 bookings today: 40 still ahead or in the workshop (some arrived, some in service), and four that
    must leave the board (two completed, one cancelled, one no-show)."""
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    ops = svc.staff_ops
    made = []
    for n in range(44):  # three places a slot from 08:30: 15 slots
        hour, half = divmod(8 * 60 + 30 + 30 * (n // 3), 60)
        start = f"2026-11-23T{hour:02d}:{half:02d}:00+08:00"
        customer = {"name": "张王李赵刘陈杨黄周吴"[n % 10] + "小明", "phone": f"1380013{n:04d}",
                    "honorific": ("先生", "女士")[n % 2]}
        request = staff_requests.staff_booking_request({
            **PHONE_BOOKING, "start": start, "customer": customer,
            "vehicle": {**PHONE_BOOKING["vehicle"], "plate": f"沪B{n:05d}"},
        })
        made.append(ops.book(mgr, "pudong", request).booking_id)
    for booking_id in made[:2]:  # done: checked in, started, completed
        for action in ("check-in", "start", "complete"):
            ops.act(mgr, booking_id, action, None)
    ops.act(mgr, made[2], "cancel", None)
    ops.act(mgr, made[3], "no-show", None)
    for booking_id in made[4:7]:
        ops.act(mgr, booking_id, "check-in", None)
    ops.act(mgr, made[4], "start", None)
    return chain, made[4:]


_SMALLEST_TEXT = """() => {
  let smallest = Infinity;
  for (const node of document.body.querySelectorAll("*")) {
    const own = [...node.childNodes].some(c => c.nodeType === Node.TEXT_NODE && c.textContent.trim());
    if (own && node.getClientRects().length) smallest = Math.min(smallest, parseFloat(getComputedStyle(node).fontSize));
  }
  return smallest;
}"""
_FITS = """() => {
  const rows = [...document.querySelectorAll("tbody.page:not([hidden]) tr")];
  const footer = document.querySelector("footer").getBoundingClientRect();
  return rows.every(r => r.getBoundingClientRect().bottom <= footer.top)
    && document.scrollingElement.scrollHeight <= innerHeight;
}"""


def test_a_busy_day_rotates_through_pages_of_ten_and_shows_every_job(server, busy_day, browser):
    chain, shown = busy_day
    url = _board_url(server, chain)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.clock.install()  # the page's timer, driven by the test instead of waiting
    with page.expect_navigation(url=f"{server}/staff/stores/pudong/board"):  # the board itself, loaded
        assert page.goto(url).status == 200  # the pairing page: it posts the link's code and goes on to the board
    seen: list[list[str]] = []
    times: list[str] = []
    for number in range(1, 5):
        if number > 1:
            page.clock.fast_forward(10_000)
        assert page.locator("#pager").inner_text() == f"第 {number}/4 页"
        rows = page.locator("tbody.page:not([hidden]) tr")
        seen.append([rows.nth(i).get_attribute("data-booking") for i in range(rows.count())])
        times += rows.locator("td.time").all_inner_texts()
        assert page.locator("tbody.page:not([hidden])").count() == 1
        assert page.evaluate(_SMALLEST_TEXT) >= 28, f"page {number}: text under 28px"
        assert page.evaluate(_FITS), f"page {number} does not fit the screen"
        page.screenshot(path=str(ARTIFACTS / f"welcome-board-page-{number}.png"))
    assert [len(ids) for ids in seen] == [10, 10, 10, 10]
    every = sum(seen, [])
    assert sorted(every) == sorted(shown) and len(set(every)) == 40  # every job once, none of the finished four
    assert times == sorted(times), times
    assert times[0] == "09:00" and times[-1] == "15:30"
    statuses = page.locator("tbody.page span.status").all_inner_texts()
    assert statuses.count("维修中") == 1 and statuses.count("已到店") == 2 and "已完工" not in statuses
    assert "沪B00040" not in page.content() and "沪B·***40" in page.content()
    with page.expect_navigation():  # after the last page the board reloads with fresh data
        page.clock.fast_forward(10_000)
    assert page.locator("#pager").inner_text() == "第 1/4 页"
