"""Which customer messages a chain's SMS cannot carry (chalicelib/domain/messaging/sms_coverage.py): onboarding warns
of each (tests/service/test_onboarding.py), so a chain onboarded before a kind existed learns it must add that
kind's template."""
from __future__ import annotations

from chalicelib.domain.messaging.messages import MESSAGE_KINDS
from chalicelib.domain.messaging.sms_coverage import sms_warnings, template_keys, uncarried
from chalicelib.domain.tenancy.chain import Chain

SMS = {"provider": "tencent", "sign": "演示"}


def _template(key: str) -> dict[str, object]:
    return {"id": f"t-{key}", "sort": "notice", "text": "x", "params": []}


def test_every_kind_and_every_reminder_moment_has_a_key():
    keys = template_keys()
    assert {k.split(".")[0] for k in keys} == set(MESSAGE_KINDS)
    assert {"reminder.24h", "reminder.24h.ack", "reminder.eve", "reminder.eve.ack"} <= set(keys)


def test_a_chain_without_sms_is_warned_of_nothing():
    assert uncarried(Chain("c", "集团", "wx1", "/ref")) == ()


def test_a_key_is_carried_by_its_template_a_stores_template_or_the_kinds_generic_id():
    keys = template_keys()
    everything = {k: _template(k) for k in keys}
    assert uncarried(Chain("c", "集团", "wx1", "/ref", sms=SMS, sms_templates=everything)) == ()
    without = {k: v for k, v in everything.items() if k not in ("pickup_notice", "reminder.eve.ack")}
    chain = Chain("c", "集团", "wx1", "/ref", sms=SMS, sms_templates=without)
    assert uncarried(chain) == ("pickup_notice", "reminder.eve.ack")
    assert "pickup_notice, reminder.eve.ack" in sms_warnings(chain)[0]
    one_store = {**without, "pickup_notice@pudong": _template("pickup_notice")}
    assert uncarried(Chain("c", "集团", "wx1", "/ref", sms=SMS, sms_templates=one_store)) == ("reminder.eve.ack",)
    generic = {**SMS, "template.reminder": "1000001"}
    assert uncarried(Chain("c", "集团", "wx1", "/ref", sms=generic, sms_templates=without)) == ("pickup_notice",)

