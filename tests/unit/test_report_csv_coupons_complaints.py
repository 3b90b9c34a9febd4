"""The coupon and complaint figures in the report CSV (docs/reports.md#coupons-and-complaints): the day's coupon
bookings and what coupons took off, on every row; the complaint summary on the rows it is counted for (the range
total of a store, each store and the chain), empty on day rows; each with one name, the catalogue's, as the
screens and docs/reports.md use it."""
from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from pathlib import Path

from chalicelib.domain.reporting.report import day_figures, totals
from chalicelib.domain.reporting.report_csv import BOM, COMPLAINT_FIGURES, FIGURES, chain_csv, labels, store_csv

from .test_report_figures import GRACE, NOW, the_day

SUMMARY = {"complaints": 3, "by_cause": {"repair": 2, "attitude": 1}, "resolved": 2, "unresolved": 0, "open": 1,
           "escalated": 1, "hours_to_resolve_median": 5.5, "hours_to_resolve_max": 20.0,
           "recheck": {"satisfied": 1, "unsatisfied": 1, "awaiting": 0, "pending": 0}}


def read(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text[len(BOM):])))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _with_coupons():
    bookings = the_day()
    arrived = next(b for b in bookings if b.status.value == "completed" and b.source != "walk_in")
    return [replace(b, coupon_id="winter", coupon_fen=5050) if b is arrived else b for b in bookings]


def test_the_store_csv_counts_coupons_per_day_and_complaints_over_the_range():
    day = day_figures(date(2026, 11, 24), _with_coupons(), GRACE, NOW)
    report = {"days": [day.to_json()], "totals": totals([day]), "complaints": SUMMARY}
    day_row, total = read(store_csv(report))
    assert (day_row["用券预约"], day_row["优惠券抵扣（元）"]) == ("1", "50.50")
    assert (total["用券预约"], total["优惠券抵扣（元）"]) == ("1", "50.50")
    assert day_row["客户投诉"] == "" and day_row["投诉原因"] == ""  # counted over the range, not per day
    assert (total["客户投诉"], total["投诉已解决"], total["投诉处理中"], total["投诉已升级"]) == ("3", "2", "1", "1")
    assert (total["投诉解决时长中位数（小时）"], total["投诉最长解决时长（小时）"]) == ("5.5", "20.0")
    assert (total["复访满意"], total["复访不满意"]) == ("1", "1")
    assert total["投诉原因"] == "维修质量：2；服务态度：1"
    english = read(store_csv(report, "en"))[1]
    assert (english["Complaints"], english["Coupon bookings"], english["Complaint causes"]) == (
        "3", "1", "repair quality: 2; staff attitude: 1")


def test_the_chain_csv_has_each_stores_complaints_and_the_chains():
    day = totals([day_figures(date(2026, 11, 24), _with_coupons(), GRACE, NOW)])
    chain = {"stores": [{"store_id": "pudong", "name": "浦东店", "totals": day, "complaints": SUMMARY}],
             "totals": day, "complaints": {**SUMMARY, "complaints": 4}}
    store, total = read(chain_csv(chain))
    assert (store["客户投诉"], total["客户投诉"], total["用券预约"]) == ("3", "4", "1")


def test_a_report_without_a_complaint_summary_leaves_its_columns_empty():
    [total] = read(store_csv({"days": [], "totals": totals([])}))
    assert total["客户投诉"] == "" and total["用券预约"] == "0"


def test_coupon_and_complaint_figures_have_one_name_in_the_csv_the_screens_and_the_docs():
    names = labels("zh")
    header = list(read(store_csv({"days": [], "totals": totals([])}))[0])
    for key in ("coupon_bookings", "coupon_fen", *COMPLAINT_FIGURES):
        assert key in FIGURES or key in COMPLAINT_FIGURES
        assert names[key] in header, key
    assert len(set(names.values())) == len(names)
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text(encoding="utf-8")
    for key in ("coupon_bookings", "coupon_fen", *COMPLAINT_FIGURES):
        assert docs.count(f"`{key}` (") == 1, key  # listed once
        assert f"| `{key}` ({names[key]}) |" in docs, key
