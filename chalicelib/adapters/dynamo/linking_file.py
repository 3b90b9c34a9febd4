"""Phone linking's customer items (adapters/dynamo/linking.py): what staff kept in the phone-only customer's
file and the rebooking it is owed move to the WeChat customer, each side conditioned on what linking read of it
(domain/people/file_merge.py), so an edit of either file in between fails the merge and it reads again."""
from __future__ import annotations

from typing import Any

from pynamodb.expressions.condition import Condition

from ...domain.people.customer_notes import FileNotes
from ...domain.people.linking import MergePlan
from .customer_files import ATTRIBUTES, audit_json
from .models import CustomerModel


def _as_read(notes: FileNotes) -> Condition:
    """The file's fields and trail still hold what was read (absent when nothing was)."""
    condition: Condition = CustomerModel.customer_id.exists()
    for name, attribute in ATTRIBUTES.items():
        value = notes.get(name)
        condition &= (attribute == value) if value is not None else attribute.does_not_exist()
    trail = CustomerModel.file_audit
    return condition & ((trail == audit_json(notes.audit)) if notes.audit else trail.does_not_exist())


def _rebooking_as_read(plan: MergePlan) -> Condition:
    flag: Condition = (CustomerModel.rebook_priority == True) if plan.rebook_priority else (  # noqa: E712
        CustomerModel.rebook_priority.does_not_exist() | (CustomerModel.rebook_priority == False))  # noqa: E712
    for attribute, value in ((CustomerModel.rebook_task, plan.rebook_task),
                             (CustomerModel.new_time_task, plan.new_time_task)):
        flag &= (attribute == value) if value else attribute.does_not_exist()
    return flag


def claim_file(plan: MergePlan) -> tuple[list[Any], Condition]:
    """The source's actions and condition: its file (when read) and the rebooking it is owed leave it."""
    actions: list[Any] = [CustomerModel.rebook_priority.set(False), CustomerModel.rebook_task.remove(),
                          CustomerModel.new_time_task.remove()]
    condition = _rebooking_as_read(plan)
    if plan.source_file is not None:
        actions += [attribute.remove() for attribute in ATTRIBUTES.values()] + [CustomerModel.file_audit.remove()]
        condition &= _as_read(plan.source_file)
    return actions, condition


def file_held(plan: MergePlan) -> Condition:
    """The target's condition: its file as read, when the merge writes it."""
    if plan.file is None or plan.target_file is None:
        return CustomerModel.customer_id.exists()
    return _as_read(plan.target_file)


def file_moved(plan: MergePlan) -> list[Any]:
    if plan.file is None:
        return []
    file = plan.file
    actions: list[Any] = []
    for name, attribute in ATTRIBUTES.items():
        value = file.get(name)
        actions.append(attribute.set(value) if value else attribute.remove())
    actions.append(CustomerModel.file_audit.set(audit_json(file.audit)))
    if file.linked:
        actions.append(CustomerModel.file_linked.add(set(file.linked)))
    if file.plates:
        actions.append(CustomerModel.file_plates.add(set(file.plates)))
    return actions


def rebooking_moved(plan: MergePlan) -> list[Any]:
    """The target holds the priority the source was owed, and the calls it names unless it names its own (the
    source's calls are still found through the bookings that moved)."""
    actions: list[Any] = [CustomerModel.rebook_priority.set(True)] if plan.rebook_priority else []
    if plan.rebook_task:
        actions.append(CustomerModel.rebook_task.set(CustomerModel.rebook_task | plan.rebook_task))
    if plan.new_time_task:
        actions.append(CustomerModel.new_time_task.set(CustomerModel.new_time_task | plan.new_time_task))
    return actions
