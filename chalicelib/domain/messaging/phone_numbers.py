"""A customer's number as an SMS provider takes it (E.164): the chain's country code before a national number
(86 for the mainland, 852 Hong Kong, 853 Macau: chain.sms["country_code"]), a number given with its + as it is."""
from __future__ import annotations

import re

MAINLAND = "86"


def e164(phone: str, country_code: str | None = None) -> str:
    """+8613800138000 for a mainland chain's 13800138000; +85291234567 for a Hong Kong chain's 91234567."""
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("+"):
        return digits
    code = (country_code or MAINLAND).lstrip("+")
    return f"+{code}{digits.removeprefix('00' + code)}"
