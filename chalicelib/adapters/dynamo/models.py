"""PynamoDB models: one table per concept, every item carrying its chain so no query crosses tenants.

Table names are `<prefix>-<name>`; `bind()` points every model at a stage's tables and endpoint, so tests,
the local run and Lambda use the same definitions.
"""
from __future__ import annotations

from typing import Iterable

import botocore.session
import pynamodb.connection.base as pynamodb_base
from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.exceptions import TableError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from ...config import Settings


class ChainModel(Model):
    """A tenant. Key: chain_id. Holds a *reference* to the mini-program secret (an SSM name), never the secret."""

    class Meta:
        table_name = "chains"

    chain_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    mp_appid = UnicodeAttribute()
    mp_secret_ref = UnicodeAttribute()
    oa_appid = UnicodeAttribute(null=True)
    oa_secret_ref = UnicodeAttribute(null=True)
    templates = MapAttribute(default=dict)  # message kind -> subscribe template id
    oa_templates = MapAttribute(default=dict)  # message kind -> official-account template id
    sms = MapAttribute(default=dict)  # provider, sign, sdk_app_id, credential refs, "template.<kind>" ids


class AllStoresIndex(GlobalSecondaryIndex):
    """Every store of every chain (registry = "store"): the daily report's work list in one Query."""

    class Meta:
        index_name = "all_stores"
        projection = AllProjection()

    registry = UnicodeAttribute(hash_key=True)
    store_id = UnicodeAttribute(range_key=True)


class StoreModel(Model):
    """A store. Key: chain_id (hash) + store_id (range): listing a chain's stores is one Query."""

    class Meta:
        table_name = "stores"

    registry = UnicodeAttribute(default="store")
    all_stores = AllStoresIndex()

    chain_id = UnicodeAttribute(hash_key=True)
    store_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    address = UnicodeAttribute(default="")
    phone = UnicodeAttribute(default="")
    timezone = UnicodeAttribute(default="Asia/Shanghai")
    hours = MapAttribute(default=dict)  # "mon" -> ["08:30", "17:30"]
    closed_dates = UnicodeSetAttribute(null=True)
    open_dates = UnicodeSetAttribute(null=True)
    closes_on_public_holidays = BooleanAttribute(default=True)
    slot_minutes = NumberAttribute(default=30)
    capacity_per_slot = NumberAttribute(default=3)
    walk_in_reserve = NumberAttribute(default=0)
    lead_time_minutes = NumberAttribute(default=60)
    horizon_days = NumberAttribute(default=30)
    grace_minutes = NumberAttribute(default=10)
    customer_cutoff_minutes = NumberAttribute(default=120)
    recommended_discount = NumberAttribute(default=0.15)
    recommended_below = NumberAttribute(default=0.3)
    busy_from = NumberAttribute(default=0.66)
    labour_hours = MapAttribute(default=dict)  # "pm" -> 16, "gr" -> 32
    reminder_offsets_minutes = ListAttribute(of=NumberAttribute, default=lambda: [1440, 180, 60])


class LapseIndex(GlobalSecondaryIndex):
    """Sparse: customers with a lapse stage ahead carry lapse_day (UTC date of lapse_at)."""

    class Meta:
        index_name = "lapse_due"
        projection = AllProjection()

    lapse_day = UnicodeAttribute(hash_key=True)
    lapse_at = UnicodeAttribute(range_key=True)


class CustomerModel(Model):
    """A customer of one chain. Key: chain_id + customer_id, where customer_id derives from the openid,
    so login finds the customer with a GetItem and no index."""

    class Meta:
        table_name = "customers"

    chain_id = UnicodeAttribute(hash_key=True)
    customer_id = UnicodeAttribute(range_key=True)
    openid = UnicodeAttribute(null=True)  # absent for customers staff booked by phone
    unionid = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    preferred_channel = UnicodeAttribute(null=True)
    contact_hours = UnicodeAttribute(null=True)
    subscriptions = MapAttribute(default=dict)  # message kind -> remaining one-time authorizations
    oa_openid = UnicodeAttribute(null=True)  # the official account's openid, when linked by unionid
    active_bookings = NumberAttribute(default=0)  # self-booked, not yet finished: capped against slot hoarding
    rebook_priority = BooleanAttribute(default=False)
    lapse_tier = UnicodeAttribute(null=True)
    last_visit = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    home_store = UnicodeAttribute(null=True)  # the store of the last visit: who invites them back
    last_plate = UnicodeAttribute(null=True)
    lapse_stage = UnicodeAttribute(null=True)  # the next lapse stage (domain/lapse.py)
    lapse_at = UnicodeAttribute(null=True)
    lapse_day = UnicodeAttribute(null=True)

    lapse_due = LapseIndex()


class VehicleDueIndex(GlobalSecondaryIndex):
    """Sparse: vehicles with an invitation ahead (first service, maintenance) carry due_day."""

    class Meta:
        index_name = "vehicle_due"
        projection = AllProjection()

    due_day = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class VehicleModel(Model):
    """A vehicle known to a chain. Key: chain_id + plate (normalized, e.g. 沪AD12345)."""

    class Meta:
        table_name = "vehicles"

    store_id = UnicodeAttribute(null=True)  # where it was last booked: who invites it back
    prev_service_date = UnicodeAttribute(null=True)
    prev_service_mileage = NumberAttribute(null=True)
    due_kind = UnicodeAttribute(null=True)  # first_service_due | maintenance_due
    due_at = UnicodeAttribute(null=True)  # when to invite, UTC ISO
    due_day = UnicodeAttribute(null=True)
    vehicle_due = VehicleDueIndex()

    chain_id = UnicodeAttribute(hash_key=True)
    plate = UnicodeAttribute(range_key=True)
    customer_id = UnicodeAttribute()
    model = UnicodeAttribute()
    mileage = NumberAttribute()
    vin = UnicodeAttribute(null=True)
    purchase_date = UnicodeAttribute(null=True)
    last_service_date = UnicodeAttribute(null=True)
    last_service_mileage = NumberAttribute(null=True)
    next_due = UnicodeAttribute(null=True)


class EventMap(MapAttribute):
    at = UnicodeAttribute()
    kind = UnicodeAttribute()
    by = UnicodeAttribute()
    note = UnicodeAttribute(null=True)


class StoreDayIndex(GlobalSecondaryIndex):
    """A store's bookings of one local day. Key: store_day "chain#store#YYYY-MM-DD" + start_key "UTC start#id"."""

    class Meta:
        index_name = "by_store_day"
        projection = AllProjection()

    store_day = UnicodeAttribute(hash_key=True)
    start_key = UnicodeAttribute(range_key=True)


class CustomerIndex(GlobalSecondaryIndex):
    """A customer's bookings. Key: customer_key "chain#customer" + start_key."""

    class Meta:
        index_name = "by_customer"
        projection = AllProjection()

    customer_key = UnicodeAttribute(hash_key=True)
    start_key = UnicodeAttribute(range_key=True)


class DueIndex(GlobalSecondaryIndex):
    """Sparse: only bookings with a next step carry due_key "<check>#<UTC hour>#<shard>", so each check
    Queries the hours up to now and reads exactly the steps that are due (range key next_at <= now)."""

    class Meta:
        index_name = "due_by_check"
        projection = AllProjection()

    due_key = UnicodeAttribute(hash_key=True)
    next_at = UnicodeAttribute(range_key=True)


class BookingModel(Model):
    """A booking. Key: booking_id. `events` only ever grows (list_append)."""

    class Meta:
        table_name = "bookings"

    booking_id = UnicodeAttribute(hash_key=True)
    chain_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    store_day = UnicodeAttribute()
    customer_key = UnicodeAttribute()
    start_key = UnicodeAttribute()
    status = UnicodeAttribute()
    start = UnicodeAttribute(null=True)  # ISO-8601 in the store's zone; absent while waiting for parts
    end = UnicodeAttribute(null=True)
    slot = UnicodeAttribute(null=True)  # "HH:MM", the counter this booking holds a place in
    service_type = UnicodeAttribute()
    tier = UnicodeAttribute()
    discount = NumberAttribute(default=0)
    source = UnicodeAttribute()
    customer = MapAttribute()  # name, phone as given for this booking
    vehicle = MapAttribute()  # plate, model, mileage
    labour_hours = NumberAttribute()
    description = UnicodeAttribute(null=True)
    priority = UnicodeAttribute(null=True)
    advisor = UnicodeAttribute(null=True)  # display name, as the board shows it
    advisor_id = UnicodeAttribute(null=True)  # staff username
    price = NumberAttribute(null=True)  # estimated, yuan
    honorific = UnicodeAttribute(null=True)  # 先生 / 女士, for the welcome board
    parts_status = UnicodeAttribute(null=True)
    acknowledged_at = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    events = ListAttribute(of=EventMap, default=list)
    place_released = BooleanAttribute(default=False)  # given to walk-ins after the grace period
    next_action = UnicodeAttribute(null=True)  # the agenda's next step (domain/agenda.py)
    next_at = UnicodeAttribute(null=True)  # UTC ISO
    due_key = UnicodeAttribute(null=True)

    by_store_day = StoreDayIndex()
    by_customer = CustomerIndex()
    due_by_check = DueIndex()


class SlotCounterModel(Model):
    """Places taken per slot and labour hours per day. Key: store_day "chain#store#YYYY-MM-DD" + slot, where
    slot is "HH:MM" for a reception slot and "DAY#<category>" for the day's labour hours.
    A store-day's whole load is one Query."""

    class Meta:
        table_name = "slot-counters"

    store_day = UnicodeAttribute(hash_key=True)
    slot = UnicodeAttribute(range_key=True)
    taken = NumberAttribute(default=0)
    hours = NumberAttribute(default=0)


class IdempotencyModel(Model):
    """A client's Idempotency-Key. Key: "chain#customer#key"; points at the booking it created."""

    class Meta:
        table_name = "idempotency"

    key = UnicodeAttribute(hash_key=True)
    booking_id = UnicodeAttribute()
    request_hash = UnicodeAttribute()
    created_at = UnicodeAttribute()
    expires_at = TTLAttribute()  # DynamoDB deletes the record some days after; a retry never takes that long


class StaffModel(Model):
    """A staff login. Key: chain_id + username. Password kept only as a PBKDF2 hash."""

    class Meta:
        table_name = "staff"

    chain_id = UnicodeAttribute(hash_key=True)
    username = UnicodeAttribute(range_key=True)
    display_name = UnicodeAttribute()
    role = UnicodeAttribute()  # chain_admin | store_manager | advisor
    store_ids = UnicodeSetAttribute(null=True)
    password_hash = UnicodeAttribute()
    failed_logins = NumberAttribute(default=0)
    locked_until = UnicodeAttribute(null=True)


class OpenTaskIndex(GlobalSecondaryIndex):
    """Sparse: only open tasks carry open_key (= store_key), so the call list is a Query over what is open."""

    class Meta:
        index_name = "open_by_store"
        projection = AllProjection()

    open_key = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class CallTaskModel(Model):
    """A staff call task. Key: store_key "chain#store" + task_id (deterministic for the checks' tasks,
    so a check run twice creates a task once)."""

    class Meta:
        table_name = "tasks"

    store_key = UnicodeAttribute(hash_key=True)
    task_id = UnicodeAttribute(range_key=True)
    chain_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    due_at = UnicodeAttribute()
    created_at = UnicodeAttribute()
    open_key = UnicodeAttribute(null=True)
    customer_name = UnicodeAttribute(null=True)
    customer_phone = UnicodeAttribute(null=True)
    booking_id = UnicodeAttribute(null=True)
    note = UnicodeAttribute(null=True)
    done_at = UnicodeAttribute(null=True)
    done_by = UnicodeAttribute(null=True)

    open_by_store = OpenTaskIndex()


class WeChatTokenModel(Model):
    """The shared WeChat access token of one app. Key: the wechatpy session key ("<appid>_access_token").
    `lease_until` lets exactly one function fetch a new token while the others wait for it."""

    class Meta:
        table_name = "wechat-tokens"

    key = UnicodeAttribute(hash_key=True)
    value = UnicodeAttribute(null=True)
    expires_at = NumberAttribute(null=True)  # epoch seconds
    lease_until = NumberAttribute(null=True)
    lease_owner = UnicodeAttribute(null=True)


class OutboxDueIndex(GlobalSecondaryIndex):
    """Sparse: only messages still to send carry due_day, so a retry run Queries what is due, by day."""

    class Meta:
        index_name = "due"
        projection = AllProjection()

    due_day = UnicodeAttribute(hash_key=True)
    next_attempt_at = UnicodeAttribute(range_key=True)


class OutboxModel(Model):
    """Every customer message. Key: dedupe_key "<chain>#<booking or customer>#<kind>#<occurrence>": a
    conditional put makes each message exist once, a conditional claim makes it go out once."""

    class Meta:
        table_name = "outbox"

    dedupe_key = UnicodeAttribute(hash_key=True)
    chain_id = UnicodeAttribute()
    store_id = UnicodeAttribute(null=True)
    customer_id = UnicodeAttribute()
    booking_id = UnicodeAttribute(null=True)
    kind = UnicodeAttribute()
    status = UnicodeAttribute()  # pending | sending | sent | retry | failed
    context = MapAttribute()  # what the message mentions, rendered per channel at send time
    channel = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    provider_id = UnicodeAttribute(null=True)
    error = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    next_attempt_at = UnicodeAttribute(null=True)
    due_day = UnicodeAttribute(null=True)
    claimed_until = UnicodeAttribute(null=True)
    sent_at = UnicodeAttribute(null=True)

    due = OutboxDueIndex()


class CheckStateModel(Model):
    """A check's watermark. Key: the check's name; clean_before: the UTC hour before which nothing it
    handles is left due, so each run Queries only the hours since (however long the checks were down)."""

    class Meta:
        table_name = "check-state"

    check = UnicodeAttribute(hash_key=True)
    clean_before = UnicodeAttribute(null=True)


class DailyReportModel(Model):
    """A store's day, written by the evening run. Key: store_key "chain#store" + day; holds the figures and
    the next day's preparation digest."""

    class Meta:
        table_name = "daily-reports"

    store_key = UnicodeAttribute(hash_key=True)
    day = UnicodeAttribute(range_key=True)
    figures = JSONAttribute()
    digest = JSONAttribute()
    created_at = UnicodeAttribute()


MODELS: tuple[type[Model], ...] = (
    ChainModel, StoreModel, CustomerModel, VehicleModel, BookingModel, SlotCounterModel, IdempotencyModel, StaffModel,
    CallTaskModel, WeChatTokenModel, OutboxModel, DailyReportModel, CheckStateModel,
)
_BASE_NAMES = {model: model.Meta.table_name for model in MODELS}


_SESSION = botocore.session.get_session()


def _shared_session() -> botocore.session.Session:
    return _SESSION


def bind(settings: Settings) -> None:
    """Point every model at the stage's tables and DynamoDB endpoint.

    PynamoDB gives every model (and every thread) a botocore session of its own, and each one parses the
    DynamoDB service model again (~0.15 s of CPU): eight models made a cold start slow and sixty threads
    at once took seconds. One shared session parses it once; the clients stay per model.
    """
    pynamodb_base.get_session = _shared_session
    for model in MODELS:
        model.Meta.table_name = settings.table(_BASE_NAMES[model])
        model.Meta.region = settings.region
        model.Meta.host = settings.dynamodb_endpoint
        model._connection = None


def create_tables(models: Iterable[type[Model]] = MODELS) -> None:
    """Create missing tables (local run and tests; deployed stages get them from infra/)."""
    for model in models:
        try:
            model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
        except TableError as exc:
            if getattr(exc.cause, "response", {}).get("Error", {}).get("Code") != "ResourceInUseException":
                raise
