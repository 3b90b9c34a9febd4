"""Each extra-work answer tells the chain's webhooks once (docs/product-rules.md#webhooks): extra_work.decided with
the item, the decision, its price and whether it was taken on the phone; a proposal alone tells nothing."""
from __future__ import annotations

from dataclasses import replace

from chalicelib.domain.booking.booking import Event
from chalicelib.domain.booking.change import BookingChange
from chalicelib.domain.booking.events import events_of
from chalicelib.domain.booking.extra_items import ExtraItem
from tests.conftest import at
from tests.unit.test_change import booking as a_booking

ITEM = ExtraItem("x1", "更换前刹车片", "磨损", 1.0, "", 68_000, 60, at("2026-11-24", "10:30"), "staff:chen")


def _decided(before, after):
    change = BookingChange(before, replace(after, version=after.version + 1), at("2026-11-24", "10:40"))
    return [e.data for e in events_of(change) if e.type == "extra_work.decided"]


def test_an_answer_in_the_mini_program_and_one_on_the_phone_each_make_one_event():
    proposed = replace(a_booking(), extra_work=(ITEM,))
    approved = replace(proposed, extra_work=(replace(ITEM, status="approved"),),
                       events=proposed.events + (Event(at("2026-11-24", "10:40"), "extra_work_approved", "customer:c1",
                                                       "x1"),))
    assert _decided(a_booking(), proposed) == []
    [data] = _decided(proposed, approved)
    assert (data["item_id"], data["decision"], data["price_fen"], data["by_phone"]) == ("x1", "approved", 68_000, False)
    declined = replace(proposed, extra_work=(replace(ITEM, status="declined"),),
                       events=proposed.events + (Event(at("2026-11-24", "10:45"), "extra_work_declined", "staff:wang",
                                                       "x1 车主电话表示下次再换"),))
    [data] = _decided(proposed, declined)
    assert (data["decision"], data["by_phone"]) == ("declined", True)
