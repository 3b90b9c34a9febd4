"""Alarms of one stage, all to one SNS topic (subscribe the on-call address or chat hook to it). What each
means and what to do: docs/runbook.md, one section per alarm name below (`appt-<stage>-<name>`).

Custom metrics are named from chalicelib/observability.py, the catalogue the code emits from, and
tests/infra prove each one is emitted with the same namespace, name and dimensions."""
from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from chalicelib import observability as obs
from chalicelib.jobs import CHECKS

from .api import HttpApi
from .stages import Stage

GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD
GE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING


@dataclass(frozen=True)
class Watched:
    """One alarm on one custom metric of the catalogue (dimensions besides `stage` given by value)."""

    alarm: str
    metric: obs.MetricDef
    dimensions: tuple[tuple[str, str], ...]
    statistic: str
    threshold: float
    minutes: int = 5
    periods: int = 1


def custom_alarms() -> list[Watched]:
    watched = [
        Watched("outbox-oldest", obs.OUTBOX_AGE, (), "Maximum", 30 * 60, periods=2),
        Watched("drift", obs.DRIFT, (), "Maximum", 0, minutes=60 * 24),
        Watched("holiday-schedule-missing", obs.HOLIDAY_SCHEDULE_MISSING, (), "Maximum", 0, minutes=60 * 24),
        Watched("template-revoked-subscribe", obs.MESSAGES_FAILED,
                (("channel", "subscribe"), ("kind", obs.TEMPLATE_REVOKED)), "Sum", 0),
        Watched("template-revoked-oa", obs.MESSAGES_FAILED,
                (("channel", "template"), ("kind", obs.TEMPLATE_REVOKED)), "Sum", 0),
        Watched("sms-quota", obs.MESSAGES_FAILED, (("channel", "sms"), ("kind", obs.SMS_QUOTA)), "Sum", 0),
        Watched("sms-balance", obs.MESSAGES_FAILED, (("channel", "sms"), ("kind", obs.SMS_BALANCE)), "Sum", 0),
        Watched("sms-bad-request", obs.MESSAGES_FAILED, (("channel", "sms"), ("kind", "bad_request")), "Sum", 5,
                minutes=60),
    ]
    for check in CHECKS.values():
        # behind when a run ends well after its scheduled time: twice the period, or an hour for daily ones
        period = getattr(check.cadence, "minutes", 60)
        watched.append(Watched(f"check-lag-{check.name}", obs.CHECK_LAG, (("check", check.name),), "Maximum",
                               max(2 * period * 60, 180), minutes=max(period, 5), periods=2))
        watched.append(Watched(f"check-errors-{check.name}", obs.CHECK_ITEMS,
                               (("check", check.name), ("outcome", "error")), "Sum", 0, minutes=max(period, 5)))
    return watched


def custom_metric(stage: Stage, watched: Watched) -> cloudwatch.Metric:
    dims = {"stage": stage.name, **dict(watched.dimensions)}
    if set(dims) != {"stage", *watched.metric.dimensions}:
        raise ValueError(f"{watched.alarm}: {watched.metric.name} is emitted with {watched.metric.dimensions}")
    return cloudwatch.Metric(namespace=obs.NAMESPACE, metric_name=watched.metric.name, dimensions_map=dims,
                             statistic=watched.statistic, period=Duration.minutes(watched.minutes))


# HTTP API's metrics (AWS/ApiGateway, by ApiId and Stage): `5xx`, `4xx` and `Count`; an alarm when a share of
# the requests of two 5-minute periods is answered so, counted only with enough requests. 4xx holds the app's
# own refusals (a wrong code, an expired token) and API Gateway's 429s: 25 % means throttling or a broken client.
HTTP_API_RATES = (("5xx", 2, 20), ("4xx", 25, 100))


def http_api_metric(api: HttpApi, name: str) -> cloudwatch.Metric:
    return cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name=name, statistic="Sum",
                             dimensions_map={"ApiId": api.api_id, "Stage": api.stage_name},
                             period=Duration.minutes(5))


def http_api_rate(api: HttpApi, kind: str, least: int) -> cloudwatch.MathExpression:
    return cloudwatch.MathExpression(
        expression=f"IF(requests >= {least}, 100 * answered / requests, 0)", period=Duration.minutes(5),
        using_metrics={"answered": http_api_metric(api, kind), "requests": http_api_metric(api, "Count")},
        label=f"{kind} % of requests")


def create_alarms(scope: Construct, stage: Stage, functions: dict[str, lambda_.Function], api: HttpApi,
                  dlqs: dict[str, sqs.Queue], queues: dict[str, sqs.Queue] | None = None,
                  ) -> tuple[sns.Topic, list[cloudwatch.Alarm]]:
    topic = sns.Topic(scope, "AlarmTopic", topic_name=f"{stage.stack_name}-alarms", enforce_ssl=True)
    notify = actions.SnsAction(topic)
    alarms = []

    def alarm(name: str, metric: cloudwatch.IMetric, threshold: float, periods: int = 1,
              comparison: cloudwatch.ComparisonOperator = GT) -> None:
        created = cloudwatch.Alarm(
            scope, f"Alarm-{name}", alarm_name=f"{stage.stack_name}-{name}", metric=metric, threshold=threshold,
            evaluation_periods=periods, comparison_operator=comparison, treat_missing_data=NOT_BREACHING,
            alarm_description=f"docs/runbook.md#{name.split('-')[0]}")
        created.add_alarm_action(notify)
        alarms.append(created)

    for name, fn in sorted(functions.items()):
        alarm(f"errors-{name}", fn.metric_errors(period=Duration.minutes(5), statistic="Sum"), 0)
        alarm(f"throttles-{name}", fn.metric_throttles(period=Duration.minutes(5), statistic="Sum"), 0)
    for name, queue in sorted(dlqs.items()):
        alarm(f"dlq-{name}", queue.metric_approximate_number_of_messages_visible(
            period=Duration.minutes(5), statistic="Maximum"), 0)
    for name, queue in sorted((queues or {}).items()):  # a worker queue falling behind
        alarm(f"queue-age-{name}", queue.metric_approximate_age_of_oldest_message(
            period=Duration.minutes(5), statistic="Maximum"), 15 * 60, periods=2)
    for kind, percent, least in HTTP_API_RATES:
        alarm(f"api-{kind}-rate", http_api_rate(api, kind, least), percent, periods=2)
    for watched in custom_alarms():
        alarm(watched.alarm, custom_metric(stage, watched), watched.threshold, watched.periods)
    return topic, alarms
