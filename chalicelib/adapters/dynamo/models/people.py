"""Customers and their vehicles, each with a sparse index of what is due (lapse stages, invitations)."""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection, KeysOnlyProjection
from pynamodb.models import Model


class LapseIndex(GlobalSecondaryIndex):
    """Sparse: customers with a lapse stage ahead carry lapse_day (UTC date of lapse_at). It holds what a
    lapse step decides on, so a customer's other writes (each booking, each message's subscription) leave
    the index alone."""

    class Meta:
        index_name = "lapse_due"
        projection = IncludeProjection(["name", "phone", "lapse_stage", "last_visit", "home_store", "last_plate"])

    lapse_day = UnicodeAttribute(hash_key=True)
    lapse_at = UnicodeAttribute(range_key=True)


class UnionIdIndex(GlobalSecondaryIndex):
    """Sparse: customers whose WeChat unionid is known; the official account's follow event finds them by it
    (keys only; the customer is then read by key)."""

    class Meta:
        index_name = "by_unionid"
        projection = KeysOnlyProjection()

    unionid = UnicodeAttribute(hash_key=True)
    chain_id = UnicodeAttribute(range_key=True)


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
    contact_hours = UnicodeAttribute(null=True)  # "09:00-20:00", store-local
    marketing = BooleanAttribute(null=True)  # agreed to invitations
    marketing_at = UnicodeAttribute(null=True)  # when they last agreed or withdrew
    sms_opt_out = BooleanAttribute(null=True)  # replied T/TD to an SMS invitation
    subscriptions = MapAttribute(default=dict)  # message kind -> remaining one-time authorizations
    oa_openid = UnicodeAttribute(null=True)  # the official account's openid, when linked by unionid (and the
    # wechat-push table holds "follower#<chain>#<oa_openid>" -> customer_id, for the unfollow event)
    active_bookings = NumberAttribute(default=0)  # self-booked, not yet finished: capped against slot hoarding
    rebook_priority = BooleanAttribute(default=False)
    rebook_task = UnicodeAttribute(null=True)  # "store_id|task_id" of the open rebooking call
    new_time_task = UnicodeAttribute(null=True)  # "store_id|task_id" of the call to agree a new time
    file_address = UnicodeAttribute(null=True)  # the customer's file, kept by staff (customer_files.py)
    file_notes = UnicodeAttribute(null=True)
    file_leftovers = UnicodeAttribute(null=True)  # items left over from the last visit
    file_audit = UnicodeAttribute(null=True)  # JSON: who changed which field, when, from what to what
    file_linked = UnicodeSetAttribute(null=True)  # the phone-only customers whose file this one took over
    file_plates = UnicodeSetAttribute(null=True)  # cars on file for them from the DMS import (decision 0036)
    lapse_tier = UnicodeAttribute(null=True)
    last_visit = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    home_store = UnicodeAttribute(null=True)  # the store of the last visit: who invites them back
    last_plate = UnicodeAttribute(null=True)
    lapse_stage = UnicodeAttribute(null=True)  # the next lapse stage (domain/followup/lapse.py)
    lapse_at = UnicodeAttribute(null=True)
    lapse_day = UnicodeAttribute(null=True)

    phone_verified_at = UnicodeAttribute(null=True)  # the phone came from WeChat's phone-number API
    merged_into = UnicodeAttribute(null=True)  # a phone-only customer whose records moved to this WeChat customer

    lapse_due = LapseIndex()
    by_unionid = UnionIdIndex()


class VehicleDueIndex(GlobalSecondaryIndex):
    """Sparse: vehicles with an invitation ahead (first service, maintenance) carry due_day."""

    class Meta:
        index_name = "vehicle_due"
        projection = AllProjection()

    due_day = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class FirstServiceIndex(GlobalSecondaryIndex):
    """Sparse: vehicles with a purchase date on file carry fs_store (chain#store where it was recorded) and
    fs_due (the day their first service falls due): the first-service arrival rate's list, per store and range."""

    class Meta:
        index_name = "first_service_due"
        projection = AllProjection()

    fs_store = UnicodeAttribute(hash_key=True)
    fs_due = UnicodeAttribute(range_key=True)


class MaintenanceDueIndex(GlobalSecondaryIndex):
    """Sparse: vehicles with a next maintenance date carry md_store (chain#store where they were last serviced):
    a store's cars due in a range (campaigns' audience, the staff's cars due this month)."""

    class Meta:
        index_name = "maintenance_due"
        projection = AllProjection()

    md_store = UnicodeAttribute(hash_key=True)
    next_due = UnicodeAttribute(range_key=True)


class VehicleModel(Model):
    """A vehicle known to a chain. Key: chain_id + plate (normalized, e.g. 沪AD12345)."""

    class Meta:
        table_name = "vehicles"

    store_id = UnicodeAttribute(null=True)  # where it was last booked: who invites it back
    prev_service_date = UnicodeAttribute(null=True)
    prev_service_mileage = NumberAttribute(null=True)
    due_kind = UnicodeAttribute(null=True)  # first_service_due | first_service_unanswered (its chase) | maintenance_due
    due_at = UnicodeAttribute(null=True)  # when to invite, UTC ISO
    due_day = UnicodeAttribute(null=True)
    vehicle_due = VehicleDueIndex()
    fs_store = UnicodeAttribute(null=True)
    fs_due = UnicodeAttribute(null=True)  # ISO date: purchase date + 3 months
    first_service_at = UnicodeAttribute(null=True)  # ISO date the car checked in for its first service
    first_service_due = FirstServiceIndex()
    md_store = UnicodeAttribute(null=True)
    maintenance_due = MaintenanceDueIndex()

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
    history = ListAttribute(null=True)  # imported service history: {date, mileage, jobs, source} (decision 0036)
    history_keys = UnicodeSetAttribute(null=True)  # "<date>|<mileage>|<jobs>" of each: an import writes one once
