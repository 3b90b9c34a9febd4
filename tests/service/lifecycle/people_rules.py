"""What customers tell us about being contacted (contact hours, consent to invitations, subscribe authorizations
granted in the mini-program), phone linking, and channels in trouble (WeChat busy or refusing, SMS throttled)."""
from __future__ import annotations

from collections import deque
from datetime import time

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from chalicelib.domain.messaging.delivery import DeliveryError
from chalicelib.domain.messaging.messages import MESSAGE_KINDS

from .base import Base, acting, customers, phones, plates
from .world import CHAIN

# (09:00, 20:00) a day person; (19:00, 21:30) evenings only, half of it inside the store's quiet hours; (22:00,
# 07:00) only inside them, so it is ignored; (07:00, 09:00) an early bird
WINDOWS = (None, ("09:00", "20:00"), ("19:00", "21:30"), ("12:00", "13:00"), ("22:00", "07:00"), ("07:00", "09:00"))
TROUBLES = {
    "sms busy": ("sms", DeliveryError("retry", 45009, "throttled")),
    "wechat busy": ("subscribe", DeliveryError("retry", -1, "system busy")),
    "subscribe refused": ("subscribe", DeliveryError("refused", 43101, "user refused")),
}
MAX_TROUBLES = 4  # over a whole run: never enough to wear a message's six attempts out


class PeopleRules(Base):
    @rule(who=customers, window=st.sampled_from(WINDOWS))
    def set_contact_hours(self, who: str, window: tuple[str, str] | None) -> None:
        principal = self.world.principal(who)
        answer = self.svc.preferences.set_contact_hours(principal, {"contact_hours": list(window) if window else None})
        assert answer["contact_hours"] == (list(window) if window else None)
        self.model.windows[principal.subject] = (time.fromisoformat(window[0]), time.fromisoformat(window[1])) \
            if window else None

    @rule(who=customers, agreed=st.booleans())
    def set_consent(self, who: str, agreed: bool) -> None:
        principal = self.world.principal(who)
        assert self.svc.preferences.set_consent(principal, {"marketing": agreed}) == {"marketing": agreed}
        self.model.consent[principal.subject] = agreed

    @rule(who=customers, kinds=st.lists(st.sampled_from(MESSAGE_KINDS), min_size=1, max_size=3, unique=True))
    def grant_subscriptions(self, who: str, kinds: list[str]) -> None:
        """The mini-program's popup: one more authorization for each kind accepted."""
        subject = self.world.principal(who).subject
        self.svc.ports.customers.add_subscriptions(CHAIN, subject, dict.fromkeys(kinds, 1))
        for kind in kinds:
            self.model.grants[(subject, kind)] += 1

    @precondition(lambda self: bool(self.model.phone_customers))  # staff booked some number to take over
    @rule(who=customers, phone=phones, plate=st.one_of(st.none(), plates))
    @acting
    def link_phone(self, who: str, phone: str, plate: str | None) -> None:
        """The phone-number button: the phone staff booked is taken over when a plate matches
        (docs/product-rules.md#phone-linking)."""
        me = self.world.principal(who).subject
        source = self.world.phone_customer(phone)
        theirs = [t for t in self.model.bookings.values() if t.customer_id == source]
        mine = {t.plate for t in self.model.bookings.values() if t.customer_id == me} | ({plate} if plate else set())
        if source not in self.model.phone_customers:
            expected = "no_phone_customer"
        elif self.model.merged.get(source) not in (None, me):
            expected = "other_wechat_customer"
        elif self.model.merged.get(source) != me and not {t.plate for t in theirs} & mine:
            expected = "plate_mismatch"
        else:
            expected = "merged"
        result = self.svc.phone_link.link(self.world.principal(who), f"phone-{phone}", plate)
        assert result.outcome == expected, f"linking {phone} for {who}: {result.outcome}, the model expected {expected}"
        if expected == "merged":
            assert result.bookings == len(theirs), (result, [t.booking_id for t in theirs])
            self.model.merged[source] = me
            for t in theirs:
                t.customer_id = me

    @precondition(lambda self: self.model.injected < MAX_TROUBLES)
    @rule(trouble=st.sampled_from(sorted(TROUBLES)))
    def channel_trouble(self, trouble: str) -> None:
        """The next send on a channel fails: busy (the same channel later) or refused (the next channel)."""
        channel, error = TROUBLES[trouble]
        failing: deque[DeliveryError] = self.svc.ports.channels.fail[channel]
        failing.append(error)
        self.model.injected += 1
