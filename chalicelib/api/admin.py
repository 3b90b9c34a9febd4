"""/admin/... : a chain admin onboards stores and staff without touching tables."""
from __future__ import annotations

import re

from chalice import Response

from ..container import services
from ..domain import validation
from ..domain.errors import ValidationError
from ..domain.reporting import report_csv
from ..domain.tenancy import onboarding
from ..domain.tenancy.plan_config import plan_to_json, price_list_to_json
from ..domain.tenancy.store_config import store_from_json
from ..services.people.staff_admin import member_json
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import csv_response, json_body, json_response, query, wants_csv

admin = ApiBlueprint(__name__)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")


def _identifier(value: str, field: str) -> str:
    if not _ID.match(value):
        raise ValidationError(f"{field} uses lower-case letters, digits and '-' (2-41 characters)", field=field)
    return value


@admin.route("/admin/stores/{store_id}", methods=["PUT"], body="StoreConfig", audience=Audience.CHAIN_ADMIN)
def put_store(store_id: str) -> dict:
    request = admin.current_request
    who = access.staff(request)
    store = store_from_json(who.chain_id, _identifier(store_id, "store_id"), json_body(request))
    services().staff_access.put_store(who, store)
    return {"store_id": store.store_id, "name": store.name, "plan": plan_to_json(store.plan),
            "price_list": price_list_to_json(store.price_list)}


@admin.route("/admin/staff", methods=["POST"], body="NewStaff", audience=Audience.CHAIN_ADMIN)
def create_staff() -> Response:
    request = admin.current_request
    who = access.staff(request)
    body = json_body(request)
    store_ids = body.get("store_ids", [])
    if not isinstance(store_ids, list) or not all(isinstance(s, str) for s in store_ids):
        raise ValidationError("store_ids is a list of store ids", field="store_ids")
    member = services().staff_access.create_staff(
        who,
        username=_identifier(validation.text(body, "username", max_len=41), "username"),
        password=validation.text(body, "password", max_len=128),
        display_name=validation.text(body, "display_name", max_len=20),
        role=validation.text(body, "role", max_len=20),
        store_ids=store_ids,
    )
    return json_response(
        {
            "username": member.username,
            "display_name": member.display_name,
            "role": member.role.value,
            "stores": sorted(member.store_ids),
        },
        201,
    )


@admin.route("/admin/staff", methods=["GET"], audience=Audience.CHAIN_ADMIN)
def list_staff() -> dict:
    """The chain's staff accounts."""
    who = access.staff(admin.current_request)
    return {"staff": [member_json(m) for m in services().staff_admin.members(who)]}


def _store_ids(body: dict) -> list[str] | None:
    store_ids = body.get("store_ids")
    if store_ids is not None and (not isinstance(store_ids, list) or not all(isinstance(s, str) for s in store_ids)):
        raise ValidationError("store_ids is a list of store ids", field="store_ids")
    return store_ids


@admin.route("/admin/staff/{username}", methods=["PATCH"], body="StaffChange", audience=Audience.CHAIN_ADMIN)
def change_staff(username: str) -> dict:
    """Change a staff account's role, stores, disabled flag (its open sessions end) or days off."""
    request = admin.current_request
    who = access.staff(request)
    body = json_body(request)
    disabled = body.get("disabled")
    if disabled is not None and not isinstance(disabled, bool):
        raise ValidationError("disabled must be true or false", field="disabled")
    role = validation.text(body, "role", max_len=20, required=False)
    days_off = onboarding.days_off(body["days_off"], "days_off") if "days_off" in body else None
    member = services().staff_admin.change(who, username, role=role, store_ids=_store_ids(body), disabled=disabled,
                                           days_off=days_off)
    return member_json(member)


@admin.route("/admin/staff/{username}", methods=["DELETE"], audience=Audience.CHAIN_ADMIN)
def delete_staff(username: str) -> Response:
    """Delete a staff account; its open sessions end."""
    who = access.staff(admin.current_request)
    services().staff_admin.delete(who, username)
    return Response(body="", status_code=204)


@admin.route("/admin/staff/{username}/password-reset", methods=["POST"], body="PasswordReset", audience=Audience.CHAIN_ADMIN)
def reset_password(username: str) -> dict:
    """Set a new password for a staff account; its open sessions end."""
    request = admin.current_request
    who = access.staff(request)
    member = services().staff_admin.reset_password(who, username, validation.password(json_body(request), "password"))
    return member_json(member)


@admin.route("/admin/report", methods=["GET"], audience=Audience.CHAIN_ADMIN)
def chain_report() -> dict | Response:
    """Every store of the chain over ?from=&to= and the chain's totals; CSV with ?format=csv or Accept: text/csv."""
    request = admin.current_request
    who = access.staff(request)
    params = query(request)
    first = validation.day(params.get("from"), "from")
    last = validation.day(params["to"], "to") if params.get("to") else first
    found = services().reports.chain_report(who, first, last)
    if wants_csv(request, params):
        return csv_response(report_csv.chain_csv(found, request.headers.get("accept-language")),
                            f"report-{who.chain_id}-{first.isoformat()}-{last.isoformat()}.csv")
    return found


@admin.route("/admin/staff/{username}/contact", methods=["PUT"], body="StaffContact", audience=Audience.CHAIN_ADMIN)
def staff_contact(username: str) -> dict:
    """Where a staff member's reports go: a mobile phone for SMS, an official-account openid for WeChat."""
    request = admin.current_request
    who = access.staff(request)
    body = json_body(request)
    phone = validation.mobile(body["phone"]) if body.get("phone") is not None else None
    oa_openid = validation.text(body, "oa_openid", max_len=64, required=False)
    member = services().staff_admin.set_contact(who, username, phone=phone, oa_openid=oa_openid)
    return {**member_json(member), "phone": member.phone, "oa_openid": member.oa_openid}


@admin.route("/admin/balance-payment", methods=["PUT"], body="BalancePaymentSetting", audience=Audience.CHAIN_ADMIN)
def put_balance_payment() -> dict:
    """Where one's own chain takes the bill's balance: at the store's cashier, or paid in the mini-program"""
    request = admin.current_request
    who = access.staff(request)
    return services().balance_payments.set_mode(who.chain_id, json_body(request).get("balance_payment"))
