"""Staff management (list, change, disable, delete, password reset, own password) and revocation: a changed,
disabled or deleted account's tokens stop working on the next request. Passwords: Argon2id, old PBKDF2
hashes rehashed on login."""
from __future__ import annotations

import pytest

from chalicelib.adapters.dynamo.staff import StaffRepository
from tests.e2e.test_staff_api import DAY, call, staff_login

PLAN = f"/staff/stores/pudong/bookings?date={DAY}"


def refused(client, token):
    r = call(client, "GET", PLAN, token)
    return r.status_code == 401 and r.json_body["error"]["code"] == "token_revoked"


def test_the_admin_lists_the_chains_staff(client, people):
    boss = staff_login(client, people, "boss")
    r = call(client, "GET", "/admin/staff", boss)
    assert r.status_code == 200
    by_name = {m["username"]: m for m in r.json_body["staff"]}
    assert set(by_name) == {"boss", "mgr", "wang", "li"}
    assert by_name["wang"] == {"username": "wang", "display_name": "wang顾问", "role": "advisor", "stores": ["pudong"],
                               "disabled": False, "days_off": []}
    assert "password_hash" not in str(r.json_body)


@pytest.mark.parametrize("change", [{"role": "store_manager"}, {"store_ids": ["xuhui"]}, {"disabled": True}])
def test_a_changed_account_loses_its_sessions_on_the_next_request(client, people, change):
    boss, wang = staff_login(client, people, "boss"), staff_login(client, people, "wang")
    assert call(client, "GET", PLAN, wang).status_code == 200
    r = call(client, "PATCH", "/admin/staff/wang", boss, change)
    assert r.status_code == 200, r.json_body
    assert refused(client, wang)
    login = call(client, "POST", "/staff/login", body={"chain_id": people, "username": "wang", "password": "wang-pass"})
    if change.get("disabled"):
        assert login.status_code == 401 and login.json_body["error"]["code"] == "account_disabled"
    else:
        assert login.status_code == 200 and (login.json_body["role"], login.json_body["stores"]) == (
            change.get("role", "advisor"), change.get("store_ids", ["pudong"]))


def test_a_deleted_account_loses_its_sessions(client, people):
    boss, wang = staff_login(client, people, "boss"), staff_login(client, people, "wang")
    assert call(client, "DELETE", "/admin/staff/wang", boss).status_code == 204
    assert refused(client, wang)
    assert call(client, "DELETE", "/admin/staff/wang", boss).status_code == 404
    assert call(client, "GET", "/admin/staff", boss).json_body["staff"] and StaffRepository().get(people, "wang") is None


def test_a_password_reset_ends_sessions_and_replaces_the_password(client, people):
    boss, wang = staff_login(client, people, "boss"), staff_login(client, people, "wang")
    r = call(client, "POST", "/admin/staff/wang/password-reset", boss, {"password": "fresh-pass-1"})
    assert r.status_code == 200
    assert refused(client, wang)
    assert call(client, "POST", "/staff/login", body={"chain_id": people, "username": "wang",
                                                      "password": "wang-pass"}).status_code == 401
    assert staff_login(client, people, "wang", "fresh-pass-1")


def test_a_reset_password_is_one_time_the_member_changes_it_before_anything_else(client, people):
    """The chain admin knows the password they set, so it works once: the member's sign-in says so, every other
    route answers 403 until the member sets their own, and then the plan opens again."""
    boss = staff_login(client, people, "boss")
    assert call(client, "POST", "/admin/staff/wang/password-reset", boss, {"password": "fresh-pass-1"}).status_code == 200
    signed_in = call(client, "POST", "/staff/login", body={"chain_id": people, "username": "wang", "password": "fresh-pass-1"})
    assert signed_in.status_code == 200 and signed_in.json_body["password_change_required"] is True
    token = signed_in.json_body["token"]
    blocked = call(client, "GET", PLAN, token)
    assert blocked.status_code == 403 and blocked.json_body["error"]["code"] == "password_change_required"
    changed = call(client, "POST", "/staff/me/password", token, {"old": "fresh-pass-1", "new": "wang-own-pass-2"})
    assert changed.status_code == 200 and changed.json_body.get("password_change_required") in (False, None)
    assert call(client, "GET", PLAN, changed.json_body["token"]).status_code == 200
    again = call(client, "POST", "/staff/login", body={"chain_id": people, "username": "wang", "password": "wang-own-pass-2"})
    assert again.json_body["password_change_required"] is False


def test_staff_change_their_own_password(client, people):
    wang = staff_login(client, people, "wang")
    wrong = call(client, "POST", "/staff/me/password", wang, {"old": "nope", "new": "another-pass"})
    assert wrong.status_code == 401 and wrong.json_body["error"]["field"] == "old"
    short = call(client, "POST", "/staff/me/password", wang, {"old": "wang-pass", "new": "short"})
    assert short.status_code == 400 and short.json_body["error"]["field"] == "new"
    r = call(client, "POST", "/staff/me/password", wang, {"old": "wang-pass", "new": "another-pass"})
    assert r.status_code == 200
    assert refused(client, wang)
    assert call(client, "GET", PLAN, r.json_body["token"]).status_code == 200  # the answer's token is the new session
    assert staff_login(client, people, "wang", "another-pass")


@pytest.mark.parametrize("body, field", [
    ({"role": "board"}, "role"), ({"role": "advisor", "store_ids": []}, "store_ids"), ({"disabled": "yes"}, "disabled"),
    ({"store_ids": ["nowhere"]}, "store_ids"), ({"password_hash": "x"}, "password_hash"), ({"store_ids": "pudong"}, "store_ids"),
])
def test_staff_changes_are_checked(client, people, body, field):
    boss = staff_login(client, people, "boss")
    r = call(client, "PATCH", "/admin/staff/wang", boss, body)
    assert r.status_code == 400 and r.json_body["error"]["field"] == field


def test_an_admin_cannot_lock_themselves_out_and_others_cannot_manage(client, people):
    boss, mgr = staff_login(client, people, "boss"), staff_login(client, people, "mgr")
    assert call(client, "PATCH", "/admin/staff/boss", boss, {"disabled": True}).status_code == 400
    assert call(client, "DELETE", "/admin/staff/boss", boss).status_code == 400
    assert call(client, "PATCH", "/admin/staff/ghost", boss, {"disabled": True}).status_code == 404
    assert call(client, "GET", "/admin/staff", mgr).status_code == 403


def test_an_old_pbkdf2_hash_is_replaced_by_argon2id_on_login(client, people):
    assert StaffRepository().get(people, "wang").password_hash.startswith("pbkdf2_sha256$")
    staff_login(client, people, "wang")
    stored = StaffRepository().get(people, "wang").password_hash
    assert stored.startswith("$argon2id$")
    token = staff_login(client, people, "wang")  # the rehash ended no session and the password still works
    assert call(client, "GET", PLAN, token).status_code == 200
