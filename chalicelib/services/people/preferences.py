"""What a customer tells us about being contacted: the hours they prefer, whether they want invitations
(marketing consent), and SMS opt-outs replied through the provider's callback (docs/product-rules.md#consent,
docs/product-rules.md#contact-hours)."""
from __future__ import annotations

import json
from typing import Any

from ...domain import contact_preference
from ...domain.contact_preference import Preference, as_preference
from ...domain.errors import Forbidden, ValidationError
from ...domain.followup import contact
from ...domain.messaging import sms_reply
from ...domain.messaging.ports import Channels
from ...domain.people.customer import Customer
from ...domain.people.ports import CustomerStore
from ...domain.people.principal import Principal
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog


def preferences_json(customer: Customer) -> dict[str, Any]:
    preference = as_preference(customer.contact_hours) or Preference()
    return {**preference.to_json(), "marketing": customer.may_invite()}


class CustomerPreferences:
    def __init__(self, stores: StoreCatalog, customers: CustomerStore, channels: Channels, clock: Clock) -> None:
        self._stores, self._customers, self._channels, self._clock = stores, customers, channels, clock

    def get(self, who: Principal) -> dict[str, Any]:
        return preferences_json(self._customers.get(who.chain_id, who.subject))

    def set_contact_hours(self, who: Principal, body: dict[str, Any]) -> dict[str, Any]:
        """`{"contact_hours": ["09:00", "20:00"], "contact_days": "rest_days", "rush_hours": [["07:30", "09:00"]]}`
        (store-local; docs/product-rules.md#contact-preference): hours or null for any time outside the quiet
        hours, `any` day, `weekdays` or `rest_days`, and up to three windows to avoid. Bookings made from now on
        keep it for their reminders and calls."""
        if "contact_hours" not in body:
            raise ValidationError("contact_hours is required (null for no preference)", field="contact_hours")
        try:
            window = contact.parse_window(body["contact_hours"], "contact_hours")
        except ValueError as exc:
            raise ValidationError(str(exc), field="contact_hours") from None
        try:
            preference = contact_preference.parse(window, body.get("contact_days"), body.get("rush_hours"))
        except ValueError as exc:
            field = "contact_days" if "contact_days" in str(exc) else "rush_hours"
            raise ValidationError(str(exc), field=field) from None
        return preferences_json(self._customers.set_contact_hours(who.chain_id, who.subject, preference))

    def consent(self, who: Principal) -> dict[str, bool]:
        return {"marketing": self._customers.get(who.chain_id, who.subject).may_invite()}

    def set_consent(self, who: Principal, body: dict[str, Any]) -> dict[str, bool]:
        """`{"marketing": true}` agrees to invitations (lapse, first service, maintenance due); false withdraws."""
        agreed = body.get("marketing")
        if not isinstance(agreed, bool):
            raise ValidationError("marketing must be true or false", field="marketing")
        customer = self._customers.set_marketing(who.chain_id, who.subject, agreed, self._clock.now())
        return {"marketing": customer.may_invite()}

    def sms_replies(self, chain_id: str, raw_body: bytes, given_signature: str | None) -> dict[str, int]:
        """The SMS provider's reply callback: every T/TD reply opts its number out of SMS invitations."""
        chain = self._stores.get_chain(chain_id)
        if not sms_reply.authentic(self._channels.sms_reply_secret(chain), raw_body, given_signature):
            raise Forbidden("the callback signature does not match", field="X-Sms-Signature", code="bad_signature")
        try:
            body = json.loads(raw_body or b"null")
        except ValueError:
            raise ValidationError("the body is not JSON", field=None, code="invalid_body") from None
        now = self._clock.now()
        counts = {"replies": 0, "opted_out": 0}
        for reply in sms_reply.replies(body):
            counts["replies"] += 1
            if reply.opts_out:
                self._customers.opt_out_phone(chain.chain_id, reply.mobile, now)
                counts["opted_out"] += 1
        return counts
