"""Chains and stores: read often, changed rarely, so cached per Lambda container for a short while."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from ...domain.errors import NotFound
from ...domain.followup.contact import window_from, window_text
from ...domain.ports import Clock
from ...domain.tenancy.chain import CASHIER, Chain
from ...domain.tenancy.plan import PriceItem, Segment, Tier
from ...domain.tenancy.plan_config import plan_to_json
from ...domain.tenancy.store import REPORT_KINDS, OpeningHours, Store
from .models import ChainModel, StoreModel

T = TypeVar("T")


class _TtlCache:
    def __init__(self, clock: Clock, ttl: timedelta) -> None:
        self._clock, self._ttl = clock, ttl
        self._items: dict[tuple[str, ...], tuple[datetime, Any]] = {}

    def get(self, key: tuple[str, ...], load: Callable[[], T]) -> T:
        now = self._clock.now()
        hit = self._items.get(key)
        if hit and hit[0] > now:
            return hit[1]  # type: ignore[return-value]
        value = load()
        self._items[key] = (now + self._ttl, value)
        return value

    def clear(self) -> None:
        self._items.clear()


def _hhmm(value: str) -> time:
    return time.fromisoformat(value)


def store_from_model(m: StoreModel) -> Store:
    return Store(
        chain_id=m.chain_id,
        store_id=m.store_id,
        name=m.name,
        timezone=m.timezone,
        address=m.address,
        phone=m.phone,
        hours={day: OpeningHours(_hhmm(v[0]), _hhmm(v[1])) for day, v in (m.hours.as_dict() if m.hours else {}).items()},
        closed_dates=frozenset(date.fromisoformat(d) for d in (m.closed_dates or ())),
        open_dates=frozenset(date.fromisoformat(d) for d in (m.open_dates or ())),
        closes_on_public_holidays=m.closes_on_public_holidays,
        slot_minutes=int(m.slot_minutes),
        capacity_per_slot=int(m.capacity_per_slot),
        walk_in_reserve=float(m.walk_in_reserve),
        lead_time_minutes=int(m.lead_time_minutes),
        horizon_days=int(m.horizon_days),
        grace_minutes=int(m.grace_minutes),
        customer_cutoff_minutes=int(m.customer_cutoff_minutes),
        recommended_discount=float(m.recommended_discount),
        recommended_below=float(m.recommended_below),
        busy_from=float(m.busy_from),
        labour_hours={k: float(v) for k, v in (m.labour_hours.as_dict() if m.labour_hours else {}).items()},
        reminder_offsets_minutes=tuple(int(x) for x in m.reminder_offsets_minutes or ()),
        city=m.city or "",
        district=m.district or "",
        location=(float(m.lat), float(m.lng)) if m.lat is not None and m.lng is not None else None,
        parking=m.parking or "",
        quiet_hours=window_from(m.quiet_hours),
        report_kinds=tuple(m.report_kinds) if m.report_kinds is not None else REPORT_KINDS,
        report_recipients=tuple(m.report_recipients or ()),
        plan=_plan(m.plan),
        price_list={kind: PriceItem(float(p["labour_hours"]), int(p["hourly_rate"]), int(p["parts"]))
                    for kind, p in (m.price_list.as_dict() if m.price_list else {}).items()},
    )


def _plan(raw: list[Any] | None) -> tuple[Segment, ...]:
    segments = []
    for item in raw or ():
        s = item.as_dict() if hasattr(item, "as_dict") else dict(item)
        segments.append(Segment(
            segment_id=s["id"], name=s["name"], weekdays=frozenset(s["days"]), starts=_hhmm(s["from"]),
            ends=_hhmm(s["to"]) if s.get("to") else time.max, tier=Tier(s["tier"]),
            quota=int(s["quota"]) if s.get("quota") is not None else None, discount=float(s.get("discount") or 0),
        ))
    return tuple(segments)


def store_to_model(s: Store) -> StoreModel:
    return StoreModel(
        s.chain_id,
        s.store_id,
        name=s.name,
        address=s.address,
        phone=s.phone,
        timezone=s.timezone,
        hours={day: [h.opens.strftime("%H:%M"), h.closes.strftime("%H:%M")] for day, h in s.hours.items()},
        closed_dates={d.isoformat() for d in s.closed_dates} or None,
        open_dates={d.isoformat() for d in s.open_dates} or None,
        closes_on_public_holidays=s.closes_on_public_holidays,
        slot_minutes=s.slot_minutes,
        capacity_per_slot=s.capacity_per_slot,
        walk_in_reserve=s.walk_in_reserve,
        lead_time_minutes=s.lead_time_minutes,
        horizon_days=s.horizon_days,
        grace_minutes=s.grace_minutes,
        customer_cutoff_minutes=s.customer_cutoff_minutes,
        recommended_discount=s.recommended_discount,
        recommended_below=s.recommended_below,
        busy_from=s.busy_from,
        labour_hours=dict(s.labour_hours),
        reminder_offsets_minutes=list(s.reminder_offsets_minutes),
        city=s.city,
        district=s.district,
        lat=s.location[0] if s.location else None,
        lng=s.location[1] if s.location else None,
        parking=s.parking,
        quiet_hours=window_text(s.quiet_hours) or "",
        report_kinds=list(s.report_kinds),
        report_recipients=list(s.report_recipients) or None,
        plan=[{k: v for k, v in segment.items() if v is not None} for segment in plan_to_json(s.plan)],
        price_list={kind: {"labour_hours": p.labour_hours, "hourly_rate": p.hourly_rate, "parts": p.parts}
                    for kind, p in s.price_list.items()},
    )


class StoreRepository:
    def __init__(self, clock: Clock, ttl: timedelta = timedelta(seconds=60), page_size: int | None = None) -> None:
        self._page_size = page_size
        self._cache = _TtlCache(clock, ttl)

    def get(self, chain_id: str, store_id: str) -> Store:
        return self._cache.get(("store", chain_id, store_id), lambda: self._load(chain_id, store_id))

    def _load(self, chain_id: str, store_id: str) -> Store:
        try:
            return store_from_model(StoreModel.get(chain_id, store_id))
        except StoreModel.DoesNotExist:
            raise NotFound(f"no store '{store_id}' in this chain", field="store_id", code="store_not_found") from None

    def of_chain(self, chain_id: str) -> list[Store]:
        return self._cache.get(("stores", chain_id), lambda: [
            store_from_model(m) for m in StoreModel.query(chain_id, page_size=self._page_size)
        ])

    def everywhere(self) -> list[Store]:
        """Every store of every chain: one Query on the registry index (paged by DynamoDB)."""
        return [store_from_model(m) for m in StoreModel.all_stores.query("store", page_size=self._page_size)]

    def put(self, store: Store) -> None:
        store_to_model(store).save()
        self._cache.clear()

    def get_chain(self, chain_id: str) -> Chain:
        return self._cache.get(("chain", chain_id), lambda: self._load_chain(chain_id))

    def _load_chain(self, chain_id: str) -> Chain:
        try:
            m = ChainModel.get(chain_id)
        except ChainModel.DoesNotExist:
            raise NotFound(f"no chain '{chain_id}'", field="chain_id", code="chain_not_found") from None
        return Chain(
            chain_id=m.chain_id,
            name=m.name,
            mp_appid=m.mp_appid,
            mp_secret_ref=m.mp_secret_ref,
            oa_appid=m.oa_appid,
            oa_secret_ref=m.oa_secret_ref,
            templates=m.templates.as_dict() if m.templates else {},
            oa_templates=m.oa_templates.as_dict() if m.oa_templates else {},
            keywords={k: dict(v) for k, v in (m.keywords.as_dict() if m.keywords else {}).items()},
            sms=m.sms.as_dict() if m.sms else {},
            push=m.push.as_dict() if m.push else {},
            sms_templates=json.loads(m.sms_templates) if m.sms_templates else {},
            wecom=m.wecom.as_dict() if m.wecom else {},
            wechatpay=m.wechatpay.as_dict() if m.wechatpay else {},
            balance_payment=m.balance_payment or CASHIER,
        )

    def put_chain(self, chain: Chain) -> None:
        ChainModel(
            chain.chain_id,
            name=chain.name,
            mp_appid=chain.mp_appid,
            mp_secret_ref=chain.mp_secret_ref,
            oa_appid=chain.oa_appid,
            oa_secret_ref=chain.oa_secret_ref,
            templates=dict(chain.templates),
            oa_templates=dict(chain.oa_templates),
            keywords={k: dict(v) for k, v in chain.keywords.items()},
            sms=dict(chain.sms),
            push=dict(chain.push),
            sms_templates=json.dumps(chain.sms_templates, ensure_ascii=False) if chain.sms_templates else None,
            wecom=dict(chain.wecom),
            wechatpay=dict(chain.wechatpay),
            balance_payment=chain.balance_payment if chain.balance_payment != CASHIER else None,
        ).save()
        self._cache.clear()
