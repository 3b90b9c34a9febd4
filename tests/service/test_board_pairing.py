"""The lobby board's pairing link (docs/product-rules.md#welcome-board): it pairs one screen once, and dies with
the account that made it (deleted, disabled, or changed so that its sign-ins were ended)."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import Unauthorized


def test_a_pairing_link_pairs_one_screen_once(svc, chain, mgr):
    link = svc.staff_access.board_link(mgr, "pudong")
    session = svc.staff_access.pair_board(link, "pudong")
    assert svc.staff_access.board_viewer(f"Bearer {session}", "pudong").role == "board"
    with pytest.raises(Unauthorized) as refused:
        svc.staff_access.pair_board(link, "pudong")  # a second screen, or whoever read the link
    assert refused.value.field == "link"


def test_a_link_refused_for_another_store_is_not_used_up(svc, chain, mgr):
    link = svc.staff_access.board_link(mgr, "pudong")
    with pytest.raises(Unauthorized):
        svc.staff_access.pair_board(link, "xuhui")
    assert svc.staff_access.pair_board(link, "pudong")


@pytest.mark.parametrize("change", ["deleted", "disabled", "sessions_ended"])
def test_a_pairing_link_dies_with_its_issuer(svc, chain, mgr, change):
    link = svc.staff_access.board_link(mgr, "pudong")
    if change == "deleted":
        svc.ports.staff.delete(chain, "mgr")
    elif change == "disabled":
        svc.ports.staff.change(chain, "mgr", disabled=True)
    else:  # a password reset, a role or store change: the account's token version moves on
        svc.ports.staff.change(chain, "mgr", password_hash=svc.ports.passwords.hash("new-mgr-pass"))
    with pytest.raises(Unauthorized) as refused:
        svc.staff_access.pair_board(link, "pudong")
    assert refused.value.field == "link"
