"""The bill as CSV for the store's own books (docs/product-rules.md#the-bill): UTF-8 with a BOM (so Excel reads the
Chinese), full-width Chinese headers, one row per line and the balance (or the refund due) last; yuan."""
from __future__ import annotations

import csv
import io

from .. import money
from .bill import Bill

BOM = "\ufeff"
HEADERS = ("项目", "说明", "金额（元）")
KINDS = {"labour": "工时费（标准价）", "discount": "时段优惠", "parts": "配件费", "extra_work": "增项",
         "coupon": "优惠券", "deposit": "已付定金", "balance_paid": "已付尾款"}
INVOICE_KINDS = {"personal": "个人", "company": "单位"}
STAGES = {"estimate": "预估结算单", "final": "结算单"}


def bill_csv(bill: Bill) -> str:
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\r\n")
    rows.writerow(HEADERS)
    for line in bill.lines:
        rows.writerow((KINDS[line.kind], line.what, money.yuan(line.fen)))
    rows.writerow(("应付余额", STAGES[bill.stage], money.yuan(bill.balance_fen)))
    if bill.refund_fen:
        rows.writerow(("应退定金", "定金多于结算金额", money.yuan(bill.refund_fen)))
    if bill.invoice is not None:  # the customer's invoice request, for the store's invoicing
        rows.writerow(("发票抬头", INVOICE_KINDS[bill.invoice.kind], bill.invoice.title))
        rows.writerow(("税号", "", bill.invoice.tax_id or ""))
        rows.writerow(("发票邮箱", "", bill.invoice.email or ""))
    return BOM + out.getvalue()
