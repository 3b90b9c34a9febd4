"""Data migrations on tables seeded in the old shape: bookings without `version`, stores without
`registry`. One run migrates them (and the app can then change such a booking); a second run, and a run
after a partial one, change nothing twice; each migration is recorded once."""
from __future__ import annotations

import boto3

from chalicelib.adapters.dynamo.models import BookingModel, StoreModel
from infra import migrations


def old_booking(booking_id: str, **extra: dict) -> dict:
    return {"booking_id": {"S": booking_id}, "chain_id": {"S": "c"}, "store_id": {"S": "s"}, "status": {"S": "pending"},
            "customer_id": {"S": "u"}, **extra}


def test_old_items_are_migrated_once(tables):
    client = boto3.client("dynamodb")
    bookings, stores = tables.table("bookings"), tables.table("stores")
    client.put_item(TableName=bookings, Item=old_booking("b_old1"))
    client.put_item(TableName=bookings, Item=old_booking("b_old2"))
    client.put_item(TableName=bookings, Item=old_booking("b_new", version={"N": "3"}))
    client.put_item(TableName=stores, Item={"chain_id": {"S": "c"}, "store_id": {"S": "s"}, "name": {"S": "店"}})

    assert migrations.run_all(client, tables, dry_run=True) == {"0001_bookings_version": 2, "0002_stores_registry": 1,
                                                                "0003_day_summaries": 0, "0004_search_index": 0,
                                                                "0005_periodic_report_kinds": 0, "0006_maintenance_due_index": 0,
                                                                "0008_parts_closed_lists": 0}
    assert "version" not in client.get_item(TableName=bookings, Key={"booking_id": {"S": "b_old1"}})["Item"]

    assert migrations.run_all(client, tables) == {"0001_bookings_version": 2, "0002_stores_registry": 1,
                                                  "0003_day_summaries": 0, "0004_search_index": 0,
                                                  "0005_periodic_report_kinds": 0, "0006_maintenance_due_index": 0,
                                                  "0008_parts_closed_lists": 0}
    versions = {b: client.get_item(TableName=bookings, Key={"booking_id": {"S": b}})["Item"]["version"]["N"]
                for b in ("b_old1", "b_old2", "b_new")}
    assert versions == {"b_old1": "0", "b_old2": "0", "b_new": "3"}
    assert [s.store_id for s in StoreModel.all_stores.query("store")] == ["s"]
    assert BookingModel.get("b_old1").version == 0

    assert migrations.run_all(client, tables) == {}  # recorded: skipped
    recorded = client.get_item(TableName=tables.table("check-state"),
                               Key={"check": {"S": "migration#0001_bookings_version"}})["Item"]
    assert recorded["items"] == {"N": "2"}


def test_an_unrecorded_migration_run_again_changes_nothing_twice(tables):
    client = boto3.client("dynamodb")
    client.put_item(TableName=tables.table("bookings"), Item=old_booking("b_old"))
    [first] = [m for m in migrations.MIGRATIONS if m.id == "0001_bookings_version"]
    assert migrations.apply(client, tables, first) == 1  # an interrupted run: applied, not recorded
    client.update_item(TableName=tables.table("bookings"), Key={"booking_id": {"S": "b_old"}},
                       UpdateExpression="SET version = :v", ExpressionAttributeValues={":v": {"N": "1"}})  # the app wrote
    assert migrations.run_all(client, tables)["0001_bookings_version"] == 0
    item = client.get_item(TableName=tables.table("bookings"), Key={"booking_id": {"S": "b_old"}})["Item"]
    assert item["version"] == {"N": "1"}  # the app's write stands


def test_bookings_from_before_the_search_index_are_filed_in_it(svc, chain, tables):
    """The counter finds a booking made before the index existed once the migration ran; an entry the app wrote
    meanwhile is left as it is."""
    from chalicelib.adapters.dynamo.models import SearchEntryModel
    from tests.support.busy_day import busy_store, fill_day

    mgr = busy_store(svc, chain)
    old, kept = fill_day(svc, mgr, "2026-11-24", 2)
    for entry in SearchEntryModel.query(f"{chain}#pudong"):
        if entry.booking_id == old.booking_id:
            entry.delete()  # as if it was booked before the index
    assert svc.staff_desk.search(mgr, "pudong", old.plate)[1] == []
    client = boto3.client("dynamodb")
    assert migrations.run_all(client, tables)["0004_search_index"] == 2
    assert [h.booking_id for h in svc.staff_desk.search(mgr, "pudong", old.plate)[1]] == [old.booking_id]
    assert [h.booking_id for h in svc.staff_desk.search(mgr, "pudong", kept.customer_phone)[1]] == [kept.booking_id]
    assert migrations.run_all(client, tables) == {}  # recorded


def _store(client, tables, store_id: str, kinds: list[str] | None) -> None:
    item = {"chain_id": {"S": "c"}, "store_id": {"S": store_id}, "name": {"S": "店"}, "registry": {"S": "store"}}
    if kinds is not None:
        item["report_kinds"] = {"L": [{"S": k} for k in kinds]}
    client.put_item(TableName=tables.table("stores"), Item=item)


def _kinds(client, tables, store_id: str) -> list[str] | None:
    item = client.get_item(TableName=tables.table("stores"), Key={"chain_id": {"S": "c"}, "store_id": {"S": store_id}})
    return [k["S"] for k in item["Item"]["report_kinds"]["L"]] if "report_kinds" in item["Item"] else None


def test_stores_that_get_the_daily_report_get_the_weekly_and_monthly_too(tables):
    """Stores saved before the periodic reports hold the kinds of then (every store save writes its list): one
    that gets the daily report gets the weekly and monthly ones too (docs/product-rules.md#periodic-reports); a
    list without the daily report, an empty one, one already naming a periodic kind, and none at all stay."""
    client = boto3.client("dynamodb")
    _store(client, tables, "old", ["daily_report", "digest"])
    _store(client, tables, "daily_only", ["daily_report"])
    _store(client, tables, "digest_only", ["digest"])
    _store(client, tables, "silent", [])
    _store(client, tables, "chosen", ["daily_report", "weekly_report"])
    _store(client, tables, "default", None)
    [migration] = [m for m in migrations.MIGRATIONS if m.id == "0005_periodic_report_kinds"]
    assert migrations.apply(client, tables, migration) == 2
    assert _kinds(client, tables, "old") == ["daily_report", "digest", "weekly_report", "monthly_report"]
    assert _kinds(client, tables, "daily_only") == ["daily_report", "weekly_report", "monthly_report"]
    assert [_kinds(client, tables, s) for s in ("digest_only", "silent", "chosen", "default")] == [
        ["digest"], [], ["daily_report", "weekly_report"], None]
    assert migrations.apply(client, tables, migration) == 0  # run again: nothing twice
    assert _kinds(client, tables, "old") == ["daily_report", "digest", "weekly_report", "monthly_report"]


def test_vehicles_serviced_before_the_release_join_the_maintenance_due_index(tables):
    """A vehicle with a next maintenance date and the store that serviced it, written before the index, is filed
    in it (md_store), so the campaigns' audience and the staff's cars-due list find it; one without either
    stays out, and one filed already keeps its store."""
    from chalicelib.adapters.dynamo.models import VehicleModel

    def cars_due(store: str) -> list[str]:  # the index the campaigns and the cars-due list read
        return [m.plate for m in VehicleModel.maintenance_due.query(store, VehicleModel.next_due.between(*december))]

    client = boto3.client("dynamodb")
    vehicles, december = tables.table("vehicles"), ("2026-12-01", "2026-12-31")

    def vehicle(plate: str, **extra: dict) -> None:
        client.put_item(TableName=vehicles, Item={"chain_id": {"S": "c"}, "plate": {"S": plate},
                                                  "customer_id": {"S": "u"}, "model": {"S": "CX-5"},
                                                  "mileage": {"N": "30000"}, **extra})

    vehicle("沪A00001", store_id={"S": "s"}, next_due={"S": "2026-12-10"})
    vehicle("沪A00002", store_id={"S": "s"})
    vehicle("沪A00003", next_due={"S": "2026-12-11"})
    vehicle("沪A00004", store_id={"S": "s"}, next_due={"S": "2026-12-12"}, md_store={"S": "c#t"})
    assert cars_due("c#s") == []
    assert migrations.run_all(client, tables)["0006_maintenance_due_index"] == 1
    assert cars_due("c#s") == ["沪A00001"]
    assert cars_due("c#t") == ["沪A00004"]
    [migration] = [m for m in migrations.MIGRATIONS if m.id == "0006_maintenance_due_index"]
    assert migrations.apply(client, tables, migration) == 0


def test_every_migration_names_a_table_of_the_models_and_ids_are_ordered():
    ids = [m.id for m in migrations.MIGRATIONS]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for migration in migrations.MIGRATIONS:
        assert migrations._key_names(migration.table)


def test_a_booking_written_with_a_yuan_price_reads_as_fen_and_is_rewritten_in_fen(tables):
    """Bookings from before money was kept in fen hold the advisor's `price` in yuan; they read as fen, and
    their next write keeps only `price_estimate`."""
    from dataclasses import replace
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from chalicelib.adapters.dynamo.bookings import BookingRepository, booking_item
    from chalicelib.domain.booking.booking import Booking
    from chalicelib.domain.booking.lifecycle import Status

    start = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    booking = Booking("b_yuan", "c", "s", "u", Status.CONFIRMED, start, start + timedelta(minutes=30), "repair", "normal",
                      0.0, "phone", "张伟", "13800138000", "沪A12345", "Mazda 6", 1000, 2.0, version=1)
    item = booking_item(booking, None, start)
    item.price, item.price_estimate = 680.55, None
    item.save()
    read = BookingRepository().get("b_yuan")
    assert read.price_estimate == 68_055 and read.to_json()["price_estimate"] == "680.55"
    booking_item(replace(read, version=2), None, start).save()
    raw = boto3.client("dynamodb").get_item(TableName=tables.table("bookings"), Key={"booking_id": {"S": "b_yuan"}})["Item"]
    assert raw["price_estimate"] == {"N": "68055"} and "price" not in raw
