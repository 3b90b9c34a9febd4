"""PynamoDB models: one table per concept, every item carrying its chain so no query crosses tenants.

Table names are `<prefix>-<name>`; `bind()` points every model at a stage's tables and endpoint, so tests,
the local run and Lambda use the same definitions. The key shapes are in each model's docstring.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import botocore.session
import pynamodb.connection.base as pynamodb_base
from pynamodb.exceptions import TableError
from pynamodb.models import Model

from ....config import Settings
from .board import BoardSocketModel
from .bookings import BookingModel, CheckStateModel, EventMap, IdempotencyModel, SlotCounterModel
from .calendar import HolidayScheduleModel
from .floor import CheckInCodeModel
from .followup import CampaignModel, CouponUseModel
from .imports import ImportJobModel
from .messaging import CallTaskModel, DailyReportModel, OutboxModel, WeChatPushModel, WeChatTokenModel
from .people import CustomerModel, VehicleModel
from .search import SearchEntryModel
from .tenancy import ChainModel, LoginThrottleModel, StaffModel, StoreModel
from .webhooks import WebhookModel

__all__ = [
    "MODELS", "BookingModel", "CallTaskModel", "ChainModel", "CheckStateModel", "CustomerModel", "DailyReportModel",
    "EventMap", "HolidayScheduleModel", "IdempotencyModel", "LoginThrottleModel",
    "OutboxModel", "WeChatPushModel", "SlotCounterModel", "StaffModel", "StoreModel", "VehicleModel",
    "WeChatTokenModel", "bind", "create_tables", "CampaignModel", "CouponUseModel",
    "CheckInCodeModel", "SearchEntryModel",
    "WebhookModel", "ImportJobModel",
]

MODELS: tuple[type[Model], ...] = (
    ChainModel, StoreModel, CustomerModel, VehicleModel, BookingModel, SlotCounterModel, IdempotencyModel, StaffModel,
    CallTaskModel, WeChatTokenModel, OutboxModel, DailyReportModel, CheckStateModel, LoginThrottleModel,
    HolidayScheduleModel,
    WeChatPushModel,
    CampaignModel,
    CouponUseModel,
    CheckInCodeModel,
    SearchEntryModel,
    BoardSocketModel,
    WebhookModel,
    ImportJobModel,
)


_BASE_NAMES = {model: model.Meta.table_name for model in MODELS}


_SESSION = botocore.session.get_session()


def _shared_session() -> botocore.session.Session:
    return _SESSION


def shared_session() -> botocore.session.Session:
    """The one botocore session of the container (the models' and every other AWS client's)."""
    return _SESSION


def aws_client(service: str, region: str, **options: Any) -> Any:
    """A client on the session the models share: endpoints, partitions and retry rules are parsed once per
    container, not again for boto3's default session (and boto3 itself is never imported)."""
    return _SESSION.create_client(service, region_name=region, **options)


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
