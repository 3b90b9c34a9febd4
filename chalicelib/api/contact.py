"""How customers are contacted: the mini-program's preferences and marketing consent (/mp/me/...), and the SMS
provider's reply callback (/sms/{chain_id}/replies: public, authenticated by its signature instead of a token)."""
from __future__ import annotations

from ..container import services
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body

contact = ApiBlueprint(__name__)


@contact.route("/mp/me/preferences", methods=["GET"], audience=Audience.CUSTOMER)
def my_preferences() -> dict:
    """The customer's preferred contact hours and marketing consent."""
    return services().preferences.get(access.customer(contact.current_request))


@contact.route("/mp/me/preferences", methods=["PATCH"], body="ContactHours", audience=Audience.CUSTOMER)
def set_my_preferences() -> dict:
    """Set the hours the customer prefers to hear from the store (null: any time outside quiet hours)."""
    request = contact.current_request
    who = access.customer(request)
    return services().preferences.set_contact_hours(who, json_body(request))


@contact.route("/mp/me/consent", methods=["GET"], audience=Audience.CUSTOMER)
def my_consent() -> dict:
    """Whether the customer agreed to invitations (marketing)."""
    return services().preferences.consent(access.customer(contact.current_request))


@contact.route("/mp/me/consent", methods=["PUT"], body="Consent", audience=Audience.CUSTOMER)
def set_my_consent() -> dict:
    """Agree to invitations, or withdraw."""
    request = contact.current_request
    who = access.customer(request)
    return services().preferences.set_consent(who, json_body(request))


@contact.route("/sms/{chain_id}/replies", methods=["POST"], audience=Audience.PUBLIC, raw_body=True)
def sms_replies(chain_id: str) -> dict:
    """The SMS provider's reply callback: T or TD opts the number out of SMS invitations."""
    request = contact.current_request
    signature = (request.headers or {}).get("x-sms-signature")
    return services().preferences.sms_replies(chain_id, request.raw_body or b"", signature)
