"""The job under way (docs/product-rules.md#promised-time, #extra-work): staff mark its progress, announce a
delay, propose extra work and record a phone answer (the roles of PROGRESS_ROLES); the customer reads and
answers the extra work in the mini-program (/mp)."""
from __future__ import annotations

from typing import Any

from ..container import services
from ..domain import validation
from ..domain.errors import ValidationError
from ..domain.floor.extra_work import extra_input
from ..domain.floor.job_progress import ANSWER_ROLES, PROGRESS_ROLES
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body, optional_json_body
from .staff_intents import once, same

job = ApiBlueprint(__name__)
DECISIONS = {"approve": True, "decline": False}


def _decision(body: dict[str, Any]) -> bool:
    decision = body.get("decision")
    if decision not in DECISIONS:
        raise ValidationError("decision is approve or decline", field="decision")
    return DECISIONS[decision]


@job.route("/staff/bookings/{booking_id}/progress-check", methods=["POST"], body="ProgressCheck",
           audience=Audience.STAFF, roles=PROGRESS_ROLES)
def progress_check(booking_id: str) -> dict:
    """The 70–80 % check of a job under way; the customer hears the promised time (#promised-time)."""
    request = job.current_request
    who = access.staff(request)
    note = validation.text(optional_json_body(request), "note", max_len=200, required=False)
    return once(request, who, ("progress-check", booking_id),
                lambda: services().job_progress.check(who, booking_id, note), same)[0].to_json()


@job.route("/staff/bookings/{booking_id}/delay", methods=["POST"], body="Delay", audience=Audience.STAFF,
           roles=PROGRESS_ROLES)
def delay(booking_id: str) -> dict:
    """A job that cannot be handed back on time: its reason and new time; the customer gets an apology."""
    request = job.current_request
    who = access.staff(request)
    body = json_body(request)
    reason = validation.required_text(body, "reason", max_len=60)
    promised = validation.instant(validation.require(body, "promised"), "promised")
    return once(request, who, ("delay", booking_id),
                lambda: services().job_progress.delay(who, booking_id, reason, promised), same)[0].to_json()


@job.route("/staff/bookings/{booking_id}/extra-work", methods=["POST"], body="ExtraWork", audience=Audience.STAFF,
           roles=PROGRESS_ROLES)
def propose_extra_work(booking_id: str) -> dict:
    """One extra-work item (增项) on a job under way; the customer is told and answers it (#extra-work)."""
    request = job.current_request
    who = access.staff(request)
    given = extra_input(json_body(request))
    return once(request, who, ("extra-work", booking_id),
                lambda: services().extra_work.propose(who, booking_id, given), same)[0].to_json()


@job.route("/staff/bookings/{booking_id}/extra-work/{item_id}", methods=["POST"], body="PhoneAnswer",
           audience=Audience.STAFF, roles=ANSWER_ROLES)
def phone_answer(booking_id: str, item_id: str) -> dict:
    """The customer's answer taken on the phone: who said what, and when they were told."""
    request = job.current_request
    who = access.staff(request)
    body = json_body(request)
    approve = _decision(body)
    said = validation.required_text(body, "said", max_len=200)
    told_at = validation.instant(body["told_at"], "told_at") if body.get("told_at") is not None else None
    return once(request, who, ("extra-work", booking_id, item_id),
                lambda: services().extra_work.phone_answer(who, booking_id, item_id, approve, said, told_at),
                same)[0].to_json()


@job.route("/mp/bookings/{booking_id}/extra-work", methods=["GET"], audience=Audience.CUSTOMER)
def extra_work_items(booking_id: str) -> dict:
    """The extra work proposed on the customer's booking, each with its answer."""
    who = access.customer(job.current_request)
    return {"items": [item.to_json() for item in services().extra_work.items(who, booking_id)]}


@job.route("/mp/bookings/{booking_id}/extra-work/{item_id}", methods=["POST"], body="ExtraAnswer",
           audience=Audience.CUSTOMER)
def answer_extra_work(booking_id: str, item_id: str) -> dict:
    """The customer agrees to or declines one item; nothing is done without their yes."""
    request = job.current_request
    who = access.customer(request)
    approve = _decision(json_body(request))
    return services().extra_work.answer(who, booking_id, item_id, approve).to_json()
