"""Service types of a 4S workshop, the labour category each draws on, and who may jump the queue."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LabourCategory(StrEnum):
    """Workshop capacity is planned per category, e.g. 16 h of periodic maintenance and 32 h of general repair a
    day (docs/product-rules.md#labour-hours)."""

    PERIODIC_MAINTENANCE = "pm"
    GENERAL_REPAIR = "gr"


@dataclass(frozen=True)
class ServiceType:
    code: str
    name_zh: str
    category: LabourCategory
    default_hours: float


SERVICE_TYPES: dict[str, ServiceType] = {
    s.code: s
    for s in (
        ServiceType("maintenance", "保养", LabourCategory.PERIODIC_MAINTENANCE, 1.0),
        ServiceType("first_service", "首保", LabourCategory.PERIODIC_MAINTENANCE, 1.0),
        ServiceType("inspection", "检测", LabourCategory.PERIODIC_MAINTENANCE, 0.5),
        ServiceType("beauty", "装饰美容", LabourCategory.PERIODIC_MAINTENANCE, 1.5),
        ServiceType("repair", "维修", LabourCategory.GENERAL_REPAIR, 2.0),
        ServiceType("accident", "事故车", LabourCategory.GENERAL_REPAIR, 4.0),
        ServiceType("warranty", "保修", LabourCategory.GENERAL_REPAIR, 2.0),
        ServiceType("recall", "召回", LabourCategory.GENERAL_REPAIR, 1.0),
        ServiceType("rework", "返修", LabourCategory.GENERAL_REPAIR, 2.0),
    )
}

# Reasons that let a staff booking use the walk-in reserve and sort first in staff lists (docs/product-rules.md#priority).
PRIORITY_REASONS: tuple[str, ...] = ("rework", "recall", "warranty", "emergency", "vip")
