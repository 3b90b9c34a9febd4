"""TransactWriteItems for the embedded server without copying whole tables.

moto makes a transaction atomic by deep-copying every table it touches before it starts and putting the
copies back when it fails. That costs time in proportion to the tables (every transaction, on every table
it names) and, in a long run with many refused transactions, memory that is not given back. The embedded
server already handles one request at a time, so a transaction can be made atomic the way DynamoDB's
contract reads: check every condition first and write nothing if one fails; then apply the writes,
remembering only the items they touch, and put those back should a write itself fail.
"""
from __future__ import annotations

import copy
from typing import Any

from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    MockValidationException,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.models import DynamoDBBackend

OPS = ("ConditionCheck", "Put", "Delete", "Update")
Outcome = tuple[str | None, str | None, dict[str, Any] | None]  # (code, message, item) as moto reports them


def _key(backend: DynamoDBBackend, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return dict(op["Key"])
    table = backend.get_table(op["TableName"])
    key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = op["Item"][table.range_key_attr]
    return key


def _check(backend: DynamoDBBackend, op: dict[str, Any], key: dict[str, Any]) -> Outcome:
    """The operation's condition against the item as it is now; nothing is written."""
    expression = op.get("ConditionExpression")
    if expression is None:
        return None, None, None
    current = backend.get_item(op["TableName"], key)
    condition = get_filter_expression(expression, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues"))
    if condition.expr(current):
        return None, None, None
    old = current.to_json()["Attributes"] if current and op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" else None
    return "ConditionalCheckFailed", ConditionalCheckFailed().message, old


def _apply(backend: DynamoDBBackend, op_type: str, op: dict[str, Any], key: dict[str, Any]) -> None:
    names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
    if op_type == "Put":
        backend.put_item(op["TableName"], op["Item"], expression_attribute_names=names, expression_attribute_values=values)
    elif op_type == "Delete":
        backend.delete_item(op["TableName"], key, expression_attribute_names=names, expression_attribute_values=values)
    elif op_type == "Update":
        backend.update_item(op["TableName"], key, update_expression=op["UpdateExpression"],
                            expression_attribute_names=names, expression_attribute_values=values)


def _restore(backend: DynamoDBBackend, touched: list[tuple[str, dict[str, Any], Any]]) -> None:
    for table_name, key, before in reversed(touched):
        if before is None:
            backend.delete_item(table_name, key)
        else:
            backend.put_item(table_name, before.to_json()["Attributes"])


def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    planned: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    seen: set[tuple[str, str]] = set()
    outcomes: list[Outcome] = []
    for item in transact_items:
        if len(item) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(item.items()))
        if op_type not in OPS:
            raise MockValidationException("Unsupported transaction operation")
        key = _key(self, op_type, op)
        target = (str(op["TableName"]), str(dict(sorted(key.items()))))
        if target in seen:
            raise MultipleTransactionsException()
        seen.add(target)
        outcomes.append(_check(self, op, key))
        planned.append((op_type, op, key))
    if any(code is not None for code, _, _ in outcomes):
        raise TransactionCanceledException(outcomes)
    touched: list[tuple[str, dict[str, Any], Any]] = []
    for n, (op_type, op, key) in enumerate(planned):
        touched.append((op["TableName"], key, copy.deepcopy(self.get_item(op["TableName"], key))))
        try:
            _apply(self, op_type, op, key)
        except MockValidationException:
            _restore(self, touched)
            raise
        except Exception as exc:
            _restore(self, touched)
            failed: list[Outcome] = [(None, None, None)] * len(planned)
            failed[n] = (type(exc).__name__, str(exc), None)
            raise TransactionCanceledException(failed) from exc


def install() -> None:
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
