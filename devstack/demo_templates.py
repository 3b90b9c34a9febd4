"""The demo chain's WeChat templates: for each message kind, its template id and which of our fields fills each
of the template's keywords (as a chain admin copies them from the WeChat console). Service messages are
mini-program subscribe and official-account templates; invitations are marketing, which neither carries
(they go by SMS; campaigns reach WeChat users in the mini-program)."""
from __future__ import annotations

import json
from pathlib import Path

from chalicelib.domain.messaging.messages import INVITATION_KINDS

KEYWORDS: dict[str, dict[str, str]] = {
    "booking_confirmed": {"thing1": "store", "time2": "time", "car_number3": "plate", "thing4": "advisor",
                          "thing5": "price", "thing6": "remark"},
    "booking_rescheduled": {"thing1": "service", "time2": "time", "car_number3": "plate", "phrase4": "status",
                            "thing5": "remark"},
    "booking_cancelled": {"thing1": "service", "time2": "time", "thing3": "store", "phrase4": "status",
                          "thing5": "remark"},
    "reminder": {"thing1": "service", "time2": "time", "thing3": "address", "thing4": "advisor", "thing5": "remark"},
    "late": {"thing1": "service", "time2": "time", "phone_number3": "phone", "phrase4": "status", "thing5": "remark"},
    "no_show": {"thing1": "service", "time2": "time", "phrase3": "status", "thing4": "remark"},
    "parts_expected": {"car_number1": "plate", "date2": "date", "thing3": "store", "phrase4": "status",
                       "thing5": "remark"},
    "parts_arrived": {"car_number1": "plate", "thing2": "store", "phrase3": "status", "thing4": "remark"},
    "service_started": {"car_number1": "plate", "thing2": "service", "name3": "advisor", "phrase4": "status",
                        "thing5": "remark"},
    "ready_for_pickup": {"car_number1": "plate", "thing2": "store", "amount3": "amount", "phrase4": "status",
                         "thing5": "remark"},
    "lapse_invitation": {"thing1": "store", "thing2": "plate", "phrase3": "status", "thing4": "remark"},
    "first_service_due": {"thing1": "plate", "date2": "date", "thing3": "store", "thing4": "remark"},
    "maintenance_due": {"thing1": "plate", "date2": "date", "thing3": "store", "thing4": "remark"},
    "follow_up": {"thing1": "service", "thing2": "store", "thing3": "plate", "thing4": "remark"},
    # the complaint loop and campaigns (docs/product-rules.md#complaints, #campaigns)
    "complaint_received": {"thing1": "store", "time2": "time", "phrase3": "status", "thing4": "remark"},
    "complaint_recheck": {"thing1": "service", "thing2": "store", "thing3": "plate", "thing4": "remark"},
    "campaign_seasonal": {"thing1": "store", "date2": "date", "phrase3": "status", "thing4": "remark"},
    "campaign_event": {"thing1": "store", "date2": "date", "phrase3": "status", "thing4": "remark"},
    # the job under way (docs/product-rules.md#promised-time): the time is the promised hand-back time
    "service_progress": {"car_number1": "plate", "time2": "time", "phrase3": "status", "thing4": "remark"},
    "service_delayed": {"car_number1": "plate", "time2": "time", "phrase3": "status", "thing4": "remark"},
    "pickup_notice": {"car_number1": "plate", "time2": "time", "thing3": "store", "phrase4": "status",
                      "thing5": "remark"},
    "extra_work_proposed": {"car_number1": "plate", "amount2": "amount", "phrase3": "status", "thing4": "remark"},
    "deposit_unpaid": {"car_number1": "plate", "phrase2": "status", "thing3": "remark"},
}
# The template ids are the demo onboarding file's (one source with the seed and `python -m devstack.onboard`).
_CHAIN = json.loads((Path(__file__).resolve().parent / "onboarding" / "demo.json").read_text(encoding="utf-8"))["chain"]
SUBSCRIBE: dict[str, str] = dict(_CHAIN["templates"])
OFFICIAL_ACCOUNT: dict[str, str] = dict(_CHAIN["oa_templates"])
KEYWORDS_OF_NOTICES = {kind: mapping for kind, mapping in KEYWORDS.items() if kind not in INVITATION_KINDS}
