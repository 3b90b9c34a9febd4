"""The lobby board pushed over a WebSocket (decision 0040, docs/product-rules.md#welcome-board): who is sent a
"redraw" after which booking change, which credential opens a board socket, and gone connections forgotten."""
from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib import container
from chalicelib.adapters.memory.board_sockets import RecordingPoster
from chalicelib.config import Settings
from chalicelib.domain import staff_requests
from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.floor.board_push import REDRAW
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING

TODAY_10 = "2026-11-23T10:00:00+08:00"  # the clock starts at 08:00 that day
TOMORROW_10 = "2026-11-24T10:00:00+08:00"


@pytest.fixture
def poster() -> RecordingPoster:
    return RecordingPoster()


@pytest.fixture
def svc(clock, poster):
    """The use cases on memory ports, with a socket API (the recording poster)."""
    return container.use_cases(Settings.from_env({}), replace(container.memory_ports(clock), board_poster=poster))


def screen(svc, mgr, store_id: str = "pudong") -> Principal:
    """A paired lobby screen of the store, as the board route admits it."""
    session = svc.staff_access.pair_board(svc.staff_access.board_link(mgr, store_id), store_id)
    return svc.staff_access.board_viewer(f"Bearer {session}", store_id)


def open_socket(svc, viewer: Principal, store_id: str, connection_id: str) -> None:
    svc.board_push.connect(connection_id, svc.board_push.ticket(viewer, store_id))


def book(svc, who, start: str, plate: str = "沪A12345"):
    return svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request(
        {**PHONE_BOOKING, "start": start, "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}}))


def test_each_change_to_todays_board_redraws_the_stores_boards_and_no_other(svc, chain, mgr, poster):
    admin = add_staff(svc, chain, "admin", Role.CHAIN_ADMIN, set())
    viewer = screen(svc, mgr)
    open_socket(svc, viewer, "pudong", "lobby-1")
    open_socket(svc, viewer, "pudong", "lobby-2")
    open_socket(svc, screen(svc, admin, "xuhui"), "xuhui", "xuhui-lobby")
    booking = book(svc, mgr, TODAY_10)
    assert poster.sent == [("lobby-1", REDRAW), ("lobby-2", REDRAW)]
    for action in ("check-in", "start", "complete"):
        poster.sent.clear()
        svc.staff_ops.act(mgr, booking.booking_id, action)
        assert sorted(c for c, _ in poster.sent) == ["lobby-1", "lobby-2"], action


def test_a_change_the_board_does_not_show_pushes_nothing(svc, chain, mgr, poster):
    open_socket(svc, screen(svc, mgr), "pudong", "lobby-1")
    tomorrow = book(svc, mgr, TOMORROW_10)
    svc.staff_ops.act(mgr, tomorrow.booking_id, "cancel")
    assert poster.sent == []


def test_a_gone_connection_is_forgotten_and_the_others_still_redraw(svc, chain, mgr, poster, clock):
    viewer = screen(svc, mgr)
    for connection_id in ("lobby-1", "lobby-2"):
        open_socket(svc, viewer, "pudong", connection_id)
    poster.gone.add("lobby-1")  # the screen was switched off: API Gateway answers 410
    book(svc, mgr, TODAY_10)
    assert poster.sent == [("lobby-2", REDRAW)]
    assert list(svc.ports.board_sockets.of_store(chain, "pudong")) == ["lobby-2"]


def test_a_connection_past_api_gateways_two_hours_is_not_posted_to_and_is_forgotten(svc, chain, mgr, poster, clock):
    viewer = screen(svc, mgr)
    open_socket(svc, viewer, "pudong", "old")
    clock.set(at("2026-11-23", "10:06"))
    open_socket(svc, viewer, "pudong", "new")
    book(svc, mgr, "2026-11-23T11:00:00+08:00")
    assert poster.sent == [("new", REDRAW)]
    assert list(svc.ports.board_sockets.of_store(chain, "pudong")) == ["new"]


def test_a_failing_post_does_not_fail_the_committed_change(svc, chain, mgr, poster, monkeypatch):
    open_socket(svc, screen(svc, mgr), "pudong", "lobby-1")

    def broken(connection_id: str, message: str) -> None:
        raise ConnectionError("API Gateway unreachable")

    monkeypatch.setattr(poster, "post", broken)
    booking = book(svc, mgr, TODAY_10)
    assert svc.ports.bookings.get(booking.booking_id).status == booking.status


@pytest.mark.parametrize("credential", ["none", "garbage", "board_session", "staff_token", "expired_ticket"])
def test_connect_refuses_anything_but_a_fresh_socket_ticket(svc, chain, mgr, clock, credential):
    session = svc.staff_access.pair_board(svc.staff_access.board_link(mgr, "pudong"), "pudong")
    viewer = svc.staff_access.board_viewer(f"Bearer {session}", "pudong")
    tickets = {
        "none": None,
        "garbage": "not-a-token",
        "board_session": session,
        "staff_token": svc.staff_access.login(chain, "mgr", "mgr-pass")[0],
        "expired_ticket": svc.board_push.ticket(viewer, "pudong"),
    }
    ticket = tickets[credential]
    if credential == "expired_ticket":
        clock.advance(minutes=3)
    with pytest.raises(Unauthorized):
        svc.board_push.connect("intruder", ticket)
    assert svc.ports.board_sockets.of_store(chain, "pudong") == {}


def test_without_a_socket_api_the_board_gets_no_ticket_and_changes_post_nothing(clock, chain):
    """The local run: no poster, so the page carries no ticket and the board polls."""
    plain = container.use_cases(Settings.from_env({}), container.memory_ports(clock))
    viewer = Principal("board:pudong", chain, "board", ("pudong",))
    assert plain.board_push.ticket(viewer, "pudong") is None and not plain.board_push.enabled


def _connect_event(ticket: str | None) -> dict:
    query = {"ticket": ticket} if ticket is not None else None
    return {"requestContext": {"routeKey": "$connect", "eventType": "CONNECT", "connectionId": "conn-1",
                               "domainName": "abc.execute-api.cn-northwest-1.amazonaws.com.cn", "stage": "api",
                               "apiId": "abc"},
            "queryStringParameters": query, "isBase64Encoded": False}


@pytest.mark.parametrize(("ticket", "status"), [(None, 401), ("forged", 401), ("fresh", 200)])
def test_the_connect_handler_answers_api_gateway_200_only_for_a_fresh_ticket(svc, chain, mgr, monkeypatch, ticket,
                                                                           status):
    from chalice.app import WebsocketEvent

    from chalicelib.api import board_socket

    monkeypatch.setattr(board_socket, "services", lambda: svc)
    if ticket == "fresh":
        ticket = svc.board_push.ticket(screen(svc, mgr), "pudong")
    answer = board_socket.connect(WebsocketEvent(_connect_event(ticket), None))
    assert answer.status_code == status
    assert list(svc.ports.board_sockets.of_store(chain, "pudong")) == (["conn-1"] if status == 200 else [])


def test_a_socket_ticket_opens_no_board_page_and_no_staff_route(svc, chain, mgr):
    from chalicelib.domain.errors import DomainError

    ticket = svc.board_push.ticket(screen(svc, mgr), "pudong")
    with pytest.raises(DomainError):
        svc.staff_access.board_viewer(f"Bearer {ticket}", "pudong")
    with pytest.raises(DomainError):
        svc.staff_access.staff(f"Bearer {ticket}")
    with pytest.raises(Unauthorized):
        svc.staff_access.pair_board(ticket, "pudong")


def test_a_late_customers_own_time_redraws_the_board(svc, chain, mgr, poster):
    """The board shows the time a late customer gave (docs/product-rules.md#late-arrival): recording it redraws."""
    open_socket(svc, screen(svc, mgr), "pudong", "lobby-1")
    booking = book(svc, mgr, TODAY_10)
    poster.sent.clear()
    svc.late_arrivals.record(mgr, booking.booking_id, at("2026-11-23", "10:20"))
    assert poster.sent == [("lobby-1", REDRAW)]
