"""The store's phone where the chain sends SMS (decision 0083, docs/product-rules.md#store): every SMS notice
says how to change the booking, by the store's phone, and Tencent refuses a template's variable left empty. The
spec and the dealer manuals know the store's phone only (no chain-wide service line), so a chain with an SMS
provider requires it of every store, when the admin sets a store and when the onboarding file is read."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ValidationError
from .store import Store


def sms_on(sms: Mapping[str, Any]) -> bool:
    """Whether the chain sends SMS: its `sms` settings name a provider (adapters/messaging/channels.py)."""
    return bool(sms.get("provider"))


def check(sms: Mapping[str, Any], store: Store, field: str = "phone") -> None:
    """Refused (`store_phone_required`, naming `field`) when the chain sends SMS and the store has no phone."""
    if sms_on(sms) and not store.phone.strip():
        raise ValidationError(f"{field}: a store of a chain that sends SMS needs its phone (SMS notices say it)",
                              field=field, code="store_phone_required")
