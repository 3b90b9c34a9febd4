"""SMS, the last channel: Tencent Cloud SMS (mainland China; SNS sends no SMS from AWS's China regions)
or Amazon SNS (global regions). Either endpoint is configurable, so the local run uses stand-ins."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ...domain.messaging.delivery import DeliveryError
from ...domain.messaging.phone_numbers import e164


class SmsError(DeliveryError):
    def __init__(self, kind: str, code: str, message: str) -> None:
        super().__init__(kind, code, message)
        self.message = message


# Tencent Cloud SMS error codes worth trying again later: load and short frequency windows. Everything else
# is permanent for this message (a blacklisted number, an unapproved template or signature, bad parameters,
# the app's daily limit, an empty SMS package): recorded and alerted on, never retried.
_TENCENT_RETRY = (
    "InternalError", "RequestLimitExceeded", "LimitExceeded.PhoneNumberThirtySecondLimit",
    "LimitExceeded.PhoneNumberOneHourLimit", "LimitExceeded.DeliveryFrequencyLimit", "FailedOperation.FailResolvePacket",
)


def tencent_error_kind(code: str | None) -> str:
    """"retry" for load (and for no code at all: the network), else "bad_request"."""
    if code is None or code == "None":
        return "retry"
    return "retry" if code.startswith(_TENCENT_RETRY) else "bad_request"


@dataclass
class TencentSms:
    secret_id: str
    secret_key: str
    sdk_app_id: str
    sign_name: str
    region: str = "ap-guangzhou"
    endpoint: str | None = None  # host[:port]; None is Tencent's own
    scheme: str = "https"
    country_code: str = "86"  # the chain's customers' (chain.sms["country_code"]): numbers go as E.164

    def send(self, phone: str, template_id: str | None, params: tuple[str, ...], text: str) -> str:
        from tencentcloud.common import credential
        from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
        from tencentcloud.common.profile.client_profile import ClientProfile
        from tencentcloud.common.profile.http_profile import HttpProfile
        from tencentcloud.sms.v20210111 import models, sms_client

        if not template_id:
            raise SmsError("bad_request", "NoTemplate", "no SMS template configured for this message kind")
        if self.endpoint:
            http = HttpProfile(endpoint=self.endpoint, protocol=self.scheme, reqTimeout=10)
        else:
            http = HttpProfile(reqTimeout=10)
        client = sms_client.SmsClient(
            credential.Credential(self.secret_id, self.secret_key), self.region, ClientProfile(httpProfile=http)
        )
        request = models.SendSmsRequest()
        request.PhoneNumberSet = [e164(phone, self.country_code)]
        request.SmsSdkAppId = self.sdk_app_id
        request.SignName = self.sign_name
        request.TemplateId = template_id
        request.TemplateParamSet = list(params)
        try:
            response = client.SendSms(request)
        except TencentCloudSDKException as exc:
            kind = tencent_error_kind(None if exc.code is None else str(exc.code))
            raise SmsError(kind, str(exc.code), str(exc.message)) from None
        status = response.SendStatusSet[0]
        if status.Code != "Ok":
            kind = tencent_error_kind(status.Code)
            raise SmsError(kind, status.Code, status.Message)
        return status.SerialNo


@dataclass
class SnsSms:
    client: Any  # boto3 SNS client
    country_code: str = "86"  # the chain's customers' (chain.sms["country_code"]): 852 Hong Kong, 853 Macau

    def send(self, phone: str, template_id: str | None, params: tuple[str, ...], text: str) -> str:
        from botocore.exceptions import ClientError

        if os.environ.get("SMS_VIA_SNS") == "0":  # the China stages: SNS sends no SMS there (infra/stages.py)
            raise SmsError("bad_request", "NoSnsSmsHere", "SNS sends no SMS in this partition; use Tencent Cloud SMS")

        try:
            response = self.client.publish(
                PhoneNumber=e164(phone, self.country_code),
                Message=text,
                MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}},
            )
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            kind = "retry" if code in ("Throttling", "InternalError", "ThrottledException") else "bad_request"
            raise SmsError(kind, code, str(exc)) from None
        return response["MessageId"]
