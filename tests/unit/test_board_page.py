"""The lobby welcome board's HTML, pinned: its labels and statuses come from the catalogue, the page stays the same;
a long day is cut into pages of ten rows."""
import re
from dataclasses import replace
from datetime import UTC, datetime

from chalicelib.api.board_page import render
from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.tenancy.store import Store

STORE = Store(chain_id="c", store_id="pudong", name="浦东店 <A&B>", phone='021-6000 "0000"')
NOW = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)  # 10:05 in Shanghai


def booking(n: int, status: Status, hour: int | None, service: str, advisor: str | None = None,
            honorific: str | None = None) -> Booking:
    start = datetime(2026, 11, 23, hour, 30, tzinfo=UTC) if hour is not None else None
    return Booking(
        booking_id=f"b{n}", chain_id="c", store_id="pudong", customer_id="u", status=status, start=start, end=None,
        service_type=service, tier="normal", discount=0.0, source="phone", customer_name="欧阳娜娜",
        customer_phone="13800138000", plate="沪AD12345", vehicle_model="m", mileage=1, labour_hours=1.0, advisor=advisor,
        honorific=honorific,
    )


BOOKINGS = [
    booking(1, Status.PENDING, None, "maintenance", honorific="女士"),
    booking(2, Status.CONFIRMED, 1, "repair", "王顾问"),
    booking(3, Status.ARRIVED, 2, "unknown", honorific="先生"),
    booking(4, Status.IN_SERVICE, 3, "recall", "<x>"),
]
HEAD = (
    '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">\n'
    '<noscript><meta http-equiv="refresh" content="30"></noscript>\n'
    '<meta name="viewport" content="width=1920">\n<title>预约欢迎板 · 浦东店 &lt;A&amp;B&gt;</title>'
    '<link rel="stylesheet" href="../../console/board.css"></head>\n'
    '<body data-page-seconds="10" data-refresh-seconds="30"><header><h1>欢迎光临 · 预约客户</h1>\n'
    '<div class="sub">浦东店 &lt;A&amp;B&gt; · 2026-11-23 · 更新于 10:05<span class="pager" id="pager">{pager}</span></div>'
    '</header>\n'
)
FOOT = ('\n<footer>预约客户请至前台，服务顾问将优先为您接待 · 预约电话 021-6000 &quot;0000&quot;</footer>\n'
        '<script src="../../console/board.js"></script>\n</body></html>')
TABLE = (
    '<main><table><thead><tr><th>预约时间</th><th>客户</th><th>车牌</th><th>服务项目</th><th>服务顾问</th><th>状态</th>'
    '</tr></thead>\n<tbody class="page" data-page="1" data-label="第 1/1 页">\n'
    '<tr data-booking="b1"><td class="time">--:--</td><td class="name">欧阳女士</td><td class="plate">沪A·****45</td>'
    '<td>保养</td><td class="advisor">待分配</td><td><span class="status pending">待确认</span></td></tr>\n'
    '<tr data-booking="b2"><td class="time">09:30</td><td class="name">欧阳**</td><td class="plate">沪A·****45</td>'
    '<td>维修</td><td class="advisor">王顾问</td><td><span class="status confirmed">已确认</span></td></tr>\n'
    '<tr data-booking="b3"><td class="time">10:30</td><td class="name">欧阳先生</td><td class="plate">沪A·****45</td>'
    '<td>unknown</td><td class="advisor">待分配</td><td><span class="status arrived">已到店</span></td></tr>\n'
    '<tr data-booking="b4"><td class="time">11:30</td><td class="name">欧阳**</td><td class="plate">沪A·****45</td>'
    '<td>召回</td><td class="advisor">&lt;x&gt;</td><td><span class="status in_service">维修中</span></td></tr>\n'
    '</tbody>\n</table></main>'
)


def test_the_board_with_bookings_is_unchanged():
    assert render(STORE, BOOKINGS, NOW) == HEAD.format(pager="第 1/1 页") + TABLE + FOOT


def test_the_empty_board_is_unchanged():
    assert render(STORE, [], NOW) == HEAD.format(pager="") + '<main><p class="empty">今日暂无预约</p></main>' + FOOT


def test_a_long_day_is_cut_into_pages_of_ten_rows_in_order():
    many = [booking(n, Status.CONFIRMED, n % 10, "repair") for n in range(23)]
    html = render(STORE, many, NOW)
    found = re.findall(r'<tbody class="page" data-page="(\d)" data-label="([^"]+)">(.*?)</tbody>', html, flags=re.S)
    assert [(n, label) for n, label, _ in found] == [("1", "第 1/3 页"), ("2", "第 2/3 页"), ("3", "第 3/3 页")]
    ids = [re.findall(r'data-booking="(b\d+)"', rows) for _, _, rows in found]
    assert [len(page) for page in ids] == [10, 10, 3]
    assert sum(ids, []) == [f"b{n}" for n in range(23)]
    assert '<span class="pager" id="pager">第 1/3 页</span>' in html


def test_the_board_in_english_takes_every_label_from_the_english_table():
    store = Store(chain_id="c", store_id="pudong", name="Pudong", phone="021-60000000")
    ascii_only = {"customer_name": "Anna Smith", "honorific": None, "plate": "AD12345", "service_type": "other", "advisor": None}
    bookings = [replace(b, **ascii_only) for b in BOOKINGS]
    html = render(store, bookings, NOW, "en")
    assert not re.search(r"[\u4e00-\u9fff]", html), html
    assert '<html lang="en">' in html and "<title>Welcome board · Pudong</title>" in html
    assert "<th>Time</th><th>Customer</th>" in html and "To be assigned" in html
    assert '<span class="status in_service">In service</span>' in html
    assert "Bookings 021-60000000</footer>" in html
    assert '<p class="empty">No bookings today</p>' in render(store, [], NOW, "en")
    assert 'data-label="Page 1 of 1"' in html


def test_with_a_push_socket_the_page_carries_its_address_and_ticket_and_may_reach_them():
    from chalicelib.api.board_page import HEADERS, socket_headers

    url = "wss://abc.execute-api.cn-northwest-1.amazonaws.com.cn/prod"
    html = render(STORE, BOOKINGS, NOW, socket=(url, 'tick"et'))
    assert f'data-refresh-seconds="30" data-socket="{url}" data-ticket="tick&quot;et"><header>' in html
    assert 'data-socket' not in render(STORE, BOOKINGS, NOW)  # no socket: the board polls
    csp = socket_headers(url)["Content-Security-Policy"]
    assert csp.endswith("; connect-src 'self' wss://abc.execute-api.cn-northwest-1.amazonaws.com.cn")
    assert socket_headers(None) == HEADERS


def test_a_late_customers_own_time_shows_beside_the_status():
    """docs/product-rules.md#late-arrival: 预计HH:MM到 in the status cell, while the booking is still expected."""
    from chalicelib.domain.booking.booking import ARRIVAL_EVENT, Event

    said = Event(at=NOW, kind=ARRIVAL_EVENT, by="staff:wang", note="2026-11-23T10:10:00+08:00 held")
    late = replace(BOOKINGS[1], events=(said,))
    html = render(STORE, [late], NOW)
    assert '<span class="status confirmed">已确认</span> <span class="expected">预计10:10到</span></td>' in html
    arrived = replace(late, status=Status.ARRIVED)
    assert 'class="expected"' not in render(STORE, [arrived], NOW)


def test_a_job_under_way_shows_its_hand_back_time_and_after_a_delay_the_one_first_promised():
    """docs/product-rules.md#promised-time: promised vs expected, in the status cell while the job is under way."""
    from chalicelib.domain.booking.booking import Event

    promised = Event(at=NOW, kind="promised", by="staff:wang", note="2026-11-23T12:00:00+08:00 computed")
    job = replace(BOOKINGS[3], events=(promised,))
    html = render(STORE, [job], NOW)
    assert '<span class="status in_service">维修中</span> <span class="expected">预计12:00交车</span></td>' in html
    delayed = Event(at=NOW, kind="delayed", by="staff:wang", note="2026-11-23T16:00:00+08:00 需等待配件到货")
    html = render(STORE, [replace(job, events=(promised, delayed))], NOW)
    assert '<span class="expected">预计16:00交车（原定12:00）</span>' in html
    assert 'class="expected"' not in render(STORE, [replace(job, status=Status.COMPLETED)], NOW)
