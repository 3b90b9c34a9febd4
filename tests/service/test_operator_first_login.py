"""The bootstrap operator's one-time password (issue 26 item 1; docs/product-rules.md#operator-first-login): the
account made (or reset) by the command must change it at first sign-in; until then the account's sessions carry
that requirement, and the password change clears it."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import Forbidden
from chalicelib.domain.people.staff import PLATFORM_CHAIN
from chalicelib.services.people.operator_bootstrap import OperatorBootstrap


@pytest.fixture
def bootstrap(svc):
    passwords = iter(["one-time-pass-1", "one-time-pass-2"])
    return OperatorBootstrap(svc.ports.stores, svc.ports.staff, svc.ports.passwords, lambda: next(passwords))


def test_the_bootstrapped_operator_must_change_the_one_time_password_first(svc, bootstrap):
    member, password = bootstrap.create("root-op")
    assert member.password_change_required is True
    token, signed_in = svc.staff_access.login(PLATFORM_CHAIN, "root-op", password)
    assert signed_in.password_change_required is True
    who = svc.staff_access.staff(f"Bearer {token}")
    with pytest.raises(Forbidden) as refused:
        who.ensure_password_changed()
    assert (refused.value.code, refused.value.field) == ("password_change_required", "password")
    changed = svc.staff_admin.change_own_password(who, password, "my-own-pass-2026")
    assert changed.password_change_required is False
    fresh = svc.staff_access.staff(f"Bearer {svc.staff_access.issue(changed)}")
    fresh.ensure_password_changed()  # nothing is required any more
    assert fresh.password_change_required is False


def test_a_reset_gives_a_new_one_time_password_that_must_be_changed_again(svc, bootstrap):
    member, _ = bootstrap.create("root-op")
    svc.ports.staff.change(PLATFORM_CHAIN, "root-op", password_change_required=False)
    _, second = bootstrap.reset("root-op")
    token, again = svc.staff_access.login(PLATFORM_CHAIN, "root-op", second)
    assert again.password_change_required is True
    assert svc.staff_access.staff(f"Bearer {token}").password_change_required is True


def test_staff_made_by_a_chain_admin_have_no_such_requirement(svc, chain, mgr):
    assert svc.ports.staff.get(chain, "mgr").password_change_required is False
    mgr.ensure_password_changed()
