"""The campaign parts of the ports, on the fakes and on DynamoDB alike (docs/product-rules.md#campaigns): a
chain's campaigns kept, once per id, the scheduled ones found by send time across chains; a store's cars due
in a range read from the maintenance-due and first-service indexes with their holders."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from chalicelib.domain.booking.change import VehicleChange
from chalicelib.domain.followup.campaigns import Campaign
from tests.conftest import at
from tests.integration.contract.test_booking_ports import customer, online


def test_campaigns_are_kept_and_the_scheduled_ones_found_by_their_time(ports, chain_id):
    winter = Campaign(chain_id, "winter", "冬季检查", "maintenance", ("pudong",), date(2026, 12, 1), date(2026, 12, 31),
                      "seasonal", "due_this_month")
    assert ports.campaigns.create(winter)
    assert not ports.campaigns.create(replace(winter, name="again"))  # one per id
    assert ports.campaigns.get(chain_id, "winter") == winter
    ports.campaigns.save(replace(winter, status="scheduled", send_at=at("2026-12-01", "10:00")))
    mine = [c for c in ports.campaigns.scheduled(at("2026-12-01", "10:00")) if c.chain_id == chain_id]
    assert [(c.campaign_id, c.send_at) for c in mine] == [("winter", at("2026-12-01", "10:00"))]
    assert [c for c in ports.campaigns.scheduled(at("2026-12-01", "09:59")) if c.chain_id == chain_id] == []
    ports.campaigns.save(replace(winter, status="sent", send_at=at("2026-12-01", "10:00")))
    assert [c for c in ports.campaigns.scheduled(at("2027-01-01", "10:00")) if c.chain_id == chain_id] == []
    assert [c.status for c in ports.campaigns.of_chain(chain_id)] == ["sent"]


def test_a_stores_cars_due_in_a_range(ports, chain_id):
    alice = customer(ports, chain_id, "alice")
    change = online(ports, chain_id, alice, "09:00", plate="沪A10001")
    ports.uow.commit(replace(change, vehicle=VehicleChange("沪A10001", store_id="pudong", next_due="2026-12-10")))
    change = online(ports, chain_id, alice, "10:00", key="k2", plate="沪A10002")
    ports.uow.commit(replace(change, vehicle=VehicleChange("沪A10002", store_id="pudong", first_service_due="2026-12-20",
                                                           purchase_date="2026-09-20")))
    december = (date(2026, 12, 1), date(2026, 12, 31))
    [due] = ports.vehicles.cars_due(chain_id, "pudong", "maintenance", *december)
    assert (due.customer_id, due.plate, due.due) == (alice.subject, "沪A10001", date(2026, 12, 10))
    [first] = ports.vehicles.cars_due(chain_id, "pudong", "first_service", *december)
    assert (first.plate, first.due) == ("沪A10002", date(2026, 12, 20))
    assert ports.vehicles.cars_due(chain_id, "pudong", "maintenance", date(2027, 1, 1), date(2027, 1, 31)) == []


def test_a_coupon_claim_is_used_by_a_booking_within_its_limit(ports, chain_id):
    """docs/product-rules.md#coupons: the use is the booking's own write, conditioned on the claim and the limit."""
    import pytest

    from chalicelib.domain.booking.coupons import Coupon, CouponUse
    from chalicelib.domain.errors import Conflict

    coupon = Coupon("winter", "冬季检查", date(2026, 11, 1), date(2026, 12, 31), amount_fen=5000, per_customer=1)
    ports.campaigns.create(Campaign(chain_id, "winter", "冬季检查", "maintenance", ("pudong",), date(2026, 12, 1),
                                    date(2026, 12, 31), "seasonal", "due_this_month", "scheduled",
                                    at("2026-12-01", "10:00"), coupon))
    assert ports.campaigns.coupon(chain_id, "winter") == coupon
    assert ports.campaigns.offered(chain_id) == [coupon]
    alice = customer(ports, chain_id, "alice")
    unclaimed = replace(online(ports, chain_id, alice, "09:00"), coupon=CouponUse("winter", 1))
    with pytest.raises(Conflict) as refused:
        ports.uow.commit(unclaimed)
    assert refused.value.code == "coupon_used_up"
    assert ports.campaigns.claim(chain_id, "winter", alice.subject, ports.clock.now())
    assert not ports.campaigns.claim(chain_id, "winter", alice.subject, ports.clock.now())  # once
    assert ports.campaigns.uses(chain_id, alice.subject) == {"winter": 0}
    ports.uow.commit(unclaimed)
    assert ports.campaigns.uses(chain_id, alice.subject) == {"winter": 1}
    with pytest.raises(Conflict):
        ports.uow.commit(replace(online(ports, chain_id, alice, "10:00", key="k2"), coupon=CouponUse("winter", 1)))


def test_a_cancelled_booking_gives_its_coupon_use_back_in_its_own_write(ports, chain_id):
    """docs/product-rules.md#coupons: the cancellation's write takes one use off the claim, so it may be used again;
    a cancellation refused (decided on a stale read) gives nothing back."""
    import pytest

    from chalicelib.domain.booking import decisions
    from chalicelib.domain.booking.coupons import CouponUse
    from chalicelib.domain.errors import StaleBooking

    alice = customer(ports, chain_id, "alice")
    ports.campaigns.claim(chain_id, "winter", alice.subject, ports.clock.now())
    made = replace(online(ports, chain_id, alice, "09:00"), coupon=CouponUse("winter", 1))
    made = replace(made, after=replace(made.after, coupon_id="winter", coupon_fen=5000))
    ports.uow.commit(made)
    assert ports.campaigns.uses(chain_id, alice.subject) == {"winter": 1}
    booking, store = ports.bookings.get(made.after.booking_id), ports.stores.get(chain_id, "pudong")
    cancel = decisions.release(booking, store, ports.clock.now(), "cancel", "customer")
    ports.uow.commit(cancel)
    assert ports.campaigns.uses(chain_id, alice.subject) == {"winter": 0}
    with pytest.raises(StaleBooking):
        ports.uow.commit(cancel)
    assert ports.campaigns.uses(chain_id, alice.subject) == {"winter": 0}
    ports.uow.commit(replace(online(ports, chain_id, alice, "10:00", key="k2"), coupon=CouponUse("winter", 1)))
    assert ports.campaigns.uses(chain_id, alice.subject) == {"winter": 1}


def test_an_invitation_kinds_coupon_is_kept_with_its_services_and_offered_beside_the_campaigns(ports, chain_id):
    """docs/product-rules.md#invitation-coupons: kept on the campaigns table, never scheduled, its services and kind
    read back as written."""
    from chalicelib.domain.followup import invitation_coupons

    coupon = invitation_coupons.define("maintenance_due", {"coupon": {"amount_fen": 2000, "valid_from": "2026-12-01",
                                                                      "valid_to": "2027-03-31"}})
    ports.campaigns.save(invitation_coupons.holder(chain_id, coupon))
    assert ports.campaigns.coupon(chain_id, "invitation-maintenance_due") == coupon
    assert coupon.service_types == ("first_service", "maintenance") and coupon.invitation == "maintenance_due"
    assert ports.campaigns.offered(chain_id) == [coupon]
    assert [c for c in ports.campaigns.scheduled(at("2027-12-31", "10:00")) if c.chain_id == chain_id] == []
