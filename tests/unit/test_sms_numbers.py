"""SMS numbers as E.164 with the chain's country code: the `prod` stage (outside the mainland) sends through
SNS, and a Hong Kong or Macau chain's customers are not +86."""
from __future__ import annotations

from typing import Any

from chalicelib.adapters.messaging.sms import SnsSms
from chalicelib.domain.messaging.phone_numbers import e164


def test_numbers_take_the_chains_country_code():
    assert e164("13800138000") == "+8613800138000"
    assert e164("9123 4567", "852") == "+85291234567"
    assert e164("66123456", "+853") == "+85366123456"
    assert e164("+85291234567", "86") == "+85291234567"
    assert e164("0085291234567", "852") == "+85291234567"


class _Sns:
    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, **request: Any) -> dict[str, str]:
        self.published.append(request)
        return {"MessageId": "m-1"}


def test_sns_sends_a_hong_kong_chains_customer_to_852():
    client = _Sns()
    SnsSms(client, country_code="852").send("91234567", None, (), "林先生您好，您的预约已确认。")
    assert client.published[0]["PhoneNumber"] == "+85291234567"
