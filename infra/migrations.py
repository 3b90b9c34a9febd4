"""Data migrations: versioned, idempotent changes to stored items, run after every deploy (`make deploy`)
and by `make run`, never by a request (so this lives in infra/, outside the Lambda package).

Each migration has an id that sorts in the order they must run ("0001_..."), finds the items still in the
old shape (a Scan with a filter: the one place a Scan is right, since it reads each table once per
migration, ever) and updates each one conditioned on it still being in the old shape, so a run that
is interrupted, or two at once, or a write by the app meanwhile, leave every item right. A finished
migration is recorded in the check-state table (key "migration#<id>") and skipped from then on.

    python -m infra.migrations [--dry-run]     # the stage of the environment (STAGE, TABLE_PREFIX)
"""
from __future__ import annotations

import argparse
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    id: str
    table: str  # base name, e.g. "bookings"
    description: str
    old_shape: str  # condition expression true of an item still to migrate
    update: str  # update expression
    names: tuple[tuple[str, str], ...]
    values: tuple[tuple[str, Any], ...]
    run: Callable[[Any, str, bool], int] | None = None  # a migration of its own kind: (client, table, dry_run)
    # instead of the update: writes elsewhere what a new table needs of each item in `old_shape` (idempotent,
    # filling only what is missing); returns how many items it filed
    fill: Callable[[Any, Settings, Iterator[dict[str, Any]], bool], int] | None = None


def _day_summaries(client: Any, table: str, dry_run: bool) -> int:
    from infra.day_summaries import backfill

    # from three days ago (UTC): the nightly auditor holds the summaries of the last two days to the counters too,
    # and a store east of UTC is already on the next day
    return backfill(client, table, datetime.now(UTC).date() - timedelta(days=3), dry_run=dry_run)


def _file_bookings(client: Any, settings: Settings, items: Iterator[dict[str, Any]], dry_run: bool) -> int:
    """Each booking filed in its store's search index (decision 0038), without overwriting an entry the app
    wrote meanwhile (it may hold a newer time)."""
    from pynamodb.exceptions import PutError

    from chalicelib.adapters.dynamo import models, search
    from chalicelib.adapters.dynamo.bookings import booking_from_model

    models.bind(settings)
    filed = 0
    for item in items:
        booking = booking_from_model(models.BookingModel.from_raw_data(item))
        entries = search.entries(booking)
        filed += int(bool(entries))
        for entry in entries if not dry_run else ():
            try:
                entry.save(condition=models.SearchEntryModel.term.does_not_exist())
            except PutError:
                continue
    return filed


def _file_due_vehicles(client: Any, settings: Settings, items: Iterator[dict[str, Any]], dry_run: bool) -> int:
    """Each vehicle with a next maintenance date and the store that serviced it filed in the maintenance-due index
    (md_store = chain#store, as a completion writes it: decision 0032), unless filed meanwhile."""
    table, filed = settings.table("vehicles"), 0
    for item in items:
        if dry_run:
            filed += 1
            continue
        try:
            client.update_item(
                TableName=table, Key={"chain_id": item["chain_id"], "plate": item["plate"]},
                UpdateExpression="SET #md = :md", ConditionExpression=f"attribute_exists(#plate) AND {_UNFILED}",
                ExpressionAttributeNames={"#md": "md_store", "#plate": "plate", **dict(_UNFILED_NAMES)},
                ExpressionAttributeValues={":md": {"S": f"{item['chain_id']['S']}#{item['store_id']['S']}"}},
            )
            filed += 1
        except client.exceptions.ConditionalCheckFailedException:
            continue
    return filed


def _close_parts_entries(client: Any, settings: Settings, items: Iterator[dict[str, Any]], dry_run: bool) -> int:
    """Each booking closed while it waited for parts, still on its store's waiting list (written before decision
    0084), moved to the list of those closed on its day, unless the app moved it meanwhile."""
    from chalicelib.adapters.dynamo import keys, models
    from chalicelib.adapters.dynamo.bookings import booking_from_model
    from chalicelib.domain.booking.parts_list import closed_on

    models.bind(settings)
    moved = 0
    for item in items:
        booking = booking_from_model(models.BookingModel.from_raw_data(item))
        closed, listed = closed_on(booking), keys.parts_waitlist(booking.chain_id, booking.store_id)
        if closed is None or item["store_day"]["S"] != listed:
            continue
        moved += 1
        if dry_run:
            continue
        try:
            client.update_item(
                TableName=settings.table("bookings"), Key={"booking_id": item["booking_id"]},
                UpdateExpression="SET #day = :closed", ConditionExpression="#day = :listed",
                ExpressionAttributeNames={"#day": "store_day"},
                ExpressionAttributeValues={":closed": {"S": keys.parts_closed(booking.chain_id, booking.store_id, closed)},
                                           ":listed": {"S": listed}},
            )
        except client.exceptions.ConditionalCheckFailedException:
            moved -= 1  # the app rewrote it meanwhile (and listed it as it is now), or it is gone
    return moved


_UNFILED = "attribute_exists(#next_due) AND attribute_exists(#store_id) AND attribute_not_exists(#md_store)"
_UNFILED_NAMES = (("#next_due", "next_due"), ("#store_id", "store_id"), ("#md_store", "md_store"))
_DAILY_WITHOUT_PERIODIC = "contains(#kinds, :daily) AND NOT contains(#kinds, :weekly) AND NOT contains(#kinds, :monthly)"


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_bookings_version", "bookings",
        "bookings written before the version attribute get version 0 (what reading them assumed), so every "
        "change can be conditioned on version = N",
        old_shape="attribute_not_exists(#version)", update="SET #version = :zero",
        names=(("#version", "version"),), values=((":zero", {"N": "0"}),),
    ),
    Migration(
        "0002_stores_registry", "stores",
        "stores written before the all_stores index get registry = store, so the daily report finds them",
        old_shape="attribute_not_exists(#registry)", update="SET #registry = :store",
        names=(("#registry", "registry"),), values=((":store", {"S": "store"}),),
    ),
    Migration(
        "0003_day_summaries", "slot-counters",
        "each store-day from today on gets its day summary (first-available's one Query per store) rebuilt "
        "from the counters written before summaries existed (infra/day_summaries.py)",
        old_shape="", update="", names=(), values=(), run=_day_summaries,
    ),
    Migration(
        "0004_search_index", "bookings",
        "bookings written before the store search index are filed in it, so the counter finds them",
        old_shape="attribute_exists(#vehicle.#plate) AND attribute_exists(#customer)", update="",
        names=(("#vehicle", "vehicle"), ("#plate", "plate"), ("#customer", "customer")), values=(), fill=_file_bookings,
    ),
    Migration(
        "0005_periodic_report_kinds", "stores",
        "stores saved before the weekly and monthly reports hold the report kinds of then (every save writes the "
        "list): one that gets the daily report gets the weekly and monthly ones too; a list without the daily "
        "report, an empty one or one already naming a periodic kind was chosen and stays",
        old_shape=_DAILY_WITHOUT_PERIODIC, update="SET #kinds = list_append(#kinds, :periodic)",
        names=(("#kinds", "report_kinds"),),
        values=((":daily", {"S": "daily_report"}), (":weekly", {"S": "weekly_report"}),
                (":monthly", {"S": "monthly_report"}),
                (":periodic", {"L": [{"S": "weekly_report"}, {"S": "monthly_report"}]})),
    ),
    Migration(
        "0006_maintenance_due_index", "vehicles",
        "vehicles serviced before the maintenance-due index (a next maintenance date and the store that serviced "
        "them, no md_store) are filed in it, so campaigns and the staff's cars-due list find them",
        old_shape=_UNFILED, update="", names=_UNFILED_NAMES, values=(), fill=_file_due_vehicles,
    ),
    Migration(
        "0008_parts_closed_lists", "bookings",
        "bookings cancelled (or no-shows) while they waited for parts, still on their store's waiting list that "
        "every day plan reads, move to the list of those closed on their day, which the nightly auditor reads "
        "(decision 0084)",
        old_shape="attribute_not_exists(#start) AND attribute_not_exists(#walk_in_day) AND #status IN (:c, :n, :d)",
        update="", names=(("#start", "start"), ("#walk_in_day", "walk_in_day"), ("#status", "status")),
        values=((":c", {"S": "cancelled"}), (":n", {"S": "no_show"}), (":d", {"S": "completed"})),
        fill=_close_parts_entries,
    ),
)

RECORD_PREFIX = "migration#"


def _key_names(table: str) -> list[str]:
    from chalicelib.adapters.dynamo import models

    model = next(m for m, name in models._BASE_NAMES.items() if name == table)
    return [k["AttributeName"] for k in model._get_schema()["key_schema"]]


def _old_items(client: Any, table_name: str, migration: Migration, keys: list[str], *,
               whole: bool = False) -> Iterator[dict[str, Any]]:
    names = dict(migration.names)
    request: dict[str, Any] = {"TableName": table_name, "FilterExpression": migration.old_shape, "ConsistentRead": True}
    if not whole:  # the keys only
        for i, key in enumerate(keys):
            names[f"#k{i}"] = key
        request["ProjectionExpression"] = ", ".join(f"#k{i}" for i in range(len(keys)))
    request["ExpressionAttributeNames"] = names
    values = {k: v for k, v in migration.values if k in migration.old_shape}  # those the filter reads
    if values:
        request["ExpressionAttributeValues"] = values
    while True:
        page = client.scan(**request)
        yield from page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def apply(client: Any, settings: Settings, migration: Migration, *, dry_run: bool = False) -> int:
    """Migrate every item still in the old shape; returns how many this run changed."""
    keys = _key_names(migration.table)
    table_name = settings.table(migration.table)
    if migration.run is not None:
        return migration.run(client, table_name, dry_run)
    if migration.fill is not None:
        return migration.fill(client, settings, _old_items(client, table_name, migration, keys, whole=True), dry_run)
    changed = 0
    for item in _old_items(client, table_name, migration, keys):
        if dry_run:
            changed += 1
            continue
        try:
            client.update_item(
                TableName=table_name, Key={k: item[k] for k in keys}, UpdateExpression=migration.update,
                ConditionExpression=f"attribute_exists(#k0) AND {migration.old_shape}",
                ExpressionAttributeNames={**dict(migration.names), "#k0": keys[0]},
                ExpressionAttributeValues=dict(migration.values),
            )
            changed += 1
        except client.exceptions.ConditionalCheckFailedException:
            continue  # migrated meanwhile (another run, or the app rewrote it), or deleted
    return changed


def _recorded(client: Any, settings: Settings) -> set[str]:
    done = set()
    for migration in MIGRATIONS:
        item = client.get_item(TableName=settings.table("check-state"), ConsistentRead=True,
                               Key={"check": {"S": RECORD_PREFIX + migration.id}}).get("Item")
        if item:
            done.add(migration.id)
    return done


def run_all(client: Any, settings: Settings, *, dry_run: bool = False) -> dict[str, int]:
    """Every migration not yet recorded, in id order; returns the items each changed."""
    done = _recorded(client, settings)
    results = {}
    for migration in sorted(MIGRATIONS, key=lambda m: m.id):
        if migration.id in done:
            continue
        results[migration.id] = apply(client, settings, migration, dry_run=dry_run)
        log.info("migration %s: %d items", migration.id, results[migration.id])
        if not dry_run:
            client.put_item(TableName=settings.table("check-state"), Item={
                "check": {"S": RECORD_PREFIX + migration.id},
                "applied_at": {"S": datetime.now(UTC).isoformat()},
                "items": {"N": str(results[migration.id])},
            })
    return results


def client_for(settings: Settings) -> Any:
    import boto3

    return boto3.client("dynamodb", region_name=settings.region, endpoint_url=settings.dynamodb_endpoint)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="run the data migrations not yet applied to this stage")
    parser.add_argument("--dry-run", action="store_true", help="count the items to migrate, change nothing")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    results = run_all(client_for(settings), settings, dry_run=args.dry_run)
    for migration_id, count in results.items():
        print(f"{settings.table_prefix}: {migration_id}: {count} items{' to migrate' if args.dry_run else ''}")
    if not results:
        print(f"{settings.table_prefix}: every migration is applied")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
