// The bill (结算单, docs/product-rules.md#the-bill) from a booking's row of the day plan once the customer has
// come: its lines, the balance (or the refund due), the final labour and parts set by the front desk (one
// intent, C.write), the CSV for the store's books and the printable bill (打印结算单). Loaded after
// console-job.js: its row buttons and their clicks are extended here.
(function () {
  "use strict";
  var C = window.StaffConsole;
  var el = C.el;
  var CAME = { arrived: true, in_service: true, completed: true };
  var FRONT_DESK = { advisor: true, store_manager: true };
  var REFUNDERS = { store_manager: true, chain_admin: true };  // the balance's refund (decision 0077)
  var LINES = { labour: "工时费（标准价）", discount: "时段优惠", parts: "配件费", extra_work: "增项", coupon: "优惠券",
    deposit: "已付定金", balance_paid: "已付尾款" };

  function path(bookingId) { return "/staff/bookings/" + encodeURIComponent(bookingId) + "/bill"; }
  function moreRow(bookingId) { return document.querySelector('tr.more-row[data-for="' + bookingId + '"]'); }

  function billButtons(b) {
    if (!CAME[b.status] || !C.state.session || !FRONT_DESK[C.state.session.role]) { return []; }
    return [el("button", { type: "button", class: "act", data: { bill: b.booking_id }, text: "结算单" })];
  }

  function table(bill) {
    var rows = bill.lines.map(function (l) {
      var name = LINES[l.kind] + (l.what ? "：" + l.what : "");
      return el("tr", { data: { line: l.kind } }, [el("td", { text: name }), el("td", { class: "num", text: l.amount })]);
    });
    rows.push(el("tr", { class: "bill-balance" }, [el("th", { text: "应付余额" }), el("th", { class: "num", text: bill.balance })]));
    if (bill.refund_fen > 0) {
      rows.push(el("tr", { class: "bill-refund" }, [el("th", { text: "应退定金" }), el("th", { class: "num", text: bill.refund })]));
    }
    rows = rows.concat(balanceRows(bill.balance_payment));
    rows = rows.concat(invoiceRows(bill.invoice));
    return el("table", { class: "bill" }, [el("caption", { text: bill.stage === "final" ? "结算单" : "预估结算单" }),
      el("tbody", {}, rows)]);
  }

  // The balance paid in the mini-program (decision 0077): when, and WeChat Pay's transaction id.
  function balanceRows(paid) {
    if (!paid || ["paid", "refunding", "refunded"].indexOf(paid.state) < 0) { return []; }
    var rows = [el("tr", { class: "bill-balance-paid" }, [el("td", { text: "尾款已于小程序支付" }),
      el("td", { text: paid.paid_at.slice(0, 16).replace("T", " ") + "（" + paid.transaction_id + "）" })])];
    if (paid.state !== "paid") {
      rows.push(el("tr", { class: "bill-balance-refund" }, [el("td", { text: paid.state === "refunded" ? "尾款已退还" : "尾款退款中" }),
        el("td", { class: "num", text: (paid.refund_fen / 100).toFixed(2) })]));
    }
    return rows;
  }

  // The customer's invoice request, passed on to the store's own invoicing (we issue none).
  function invoiceRows(invoice) {
    if (!invoice) { return []; }
    var rows = [["发票抬头（" + (invoice.kind === "company" ? "单位" : "个人") + "）", invoice.title]];
    if (invoice.tax_id) { rows.push(["税号", invoice.tax_id]); }
    if (invoice.email) { rows.push(["发票邮箱", invoice.email]); }
    return rows.map(function (r) {
      return el("tr", { class: "bill-invoice" }, [el("td", { text: r[0] }), el("td", { text: r[1] })]);
    });
  }

  function amountOf(bill, kind) {
    var line = bill.lines.filter(function (l) { return l.kind === kind; })[0];
    return line ? line.amount : "0.00";
  }

  function downloadCsv(bookingId) {
    C.run(C.request("GET", path(bookingId) + ".csv", undefined, "text/csv").then(function (r) {
      return r.blob();
    }).then(function (blob) {
      var link = el("a", { href: URL.createObjectURL(blob), download: "bill-" + bookingId + ".csv" });
      document.body.appendChild(link);
      link.click();
      link.remove();
    }));
  }

  // The printable bill (结算单, GET .../bill.html): the window opens at the click (so no popup blocker stops it),
  // then gets the page fetched with the bearer token; its style sheet is the console's own file.
  function printPage(bookingId) {
    var win = window.open("", "_blank");
    if (!win) { C.notice("浏览器阻止了新窗口，请允许弹出窗口后重试"); return; }
    C.run(C.request("GET", path(bookingId) + ".html", undefined, "text/html").then(function (r) {
      return r.text();
    }).then(function (html) {
      // the page's relative link is for its own address; here it is the console's file from the console's
      var doc = new DOMParser().parseFromString(html, "text/html");
      var sheet = doc.querySelector('link[rel="stylesheet"]');
      if (sheet) { sheet.setAttribute("href", new URL("console/bill-print.css", document.baseURI).href); }
      win.document.open();
      win.document.write("<!doctype html>\n" + doc.documentElement.outerHTML);
      win.document.close();
    }, function (err) { win.close(); throw err; }));
  }

  function show(bookingId, bill) {
    var form = C.plan.inlineForm("bill", [
      table(bill),
      el("label", {}, ["工时费（元，标准价）", el("input", { type: "number", name: "labour", required: true, min: "0",
        step: "0.01", value: amountOf(bill, "labour") })]),
      el("label", {}, ["配件费（元）", el("input", { type: "number", name: "parts", required: true, min: "0", step: "0.01",
        value: amountOf(bill, "parts") })]),
      el("button", { type: "submit", class: "primary", text: "确定结算金额" }),
      el("button", { type: "button", data: { "bill-csv": bookingId }, text: "导出CSV" }),
      el("button", { type: "button", data: { "bill-print": bookingId }, text: "打印结算单" })
    ].concat(refundButton(bookingId, bill)), function (f, submit) {
      var body = { labour: f.labour.value, parts: f.parts.value };
      C.write(submit, "PUT", path(bookingId), body, moreRow(bookingId)).then(function (answer) {
        if (!answer) { return; }
        C.notice("已确定结算金额：应付 " + answer.balance + " 元");
        show(bookingId, answer);
      });
    });
    C.plan.openMore(bookingId, form);
  }

  // A store manager may refund, in full, a balance the customer paid in the mini-program (then the cashier takes it).
  function refundButton(bookingId, bill) {
    var paid = bill.balance_payment;
    if (!paid || paid.state !== "paid" || !C.state.session || !REFUNDERS[C.state.session.role]) { return []; }
    return [el("button", { type: "button", data: { "balance-refund": bookingId }, text: "退还小程序支付的尾款" })];
  }

  function refundBalance(button) {
    var id = button.getAttribute("data-balance-refund");
    if (!window.confirm("确定全额退还顾客在小程序支付的尾款？退款后请在收银台结算。")) { return; }
    var where = moreRow(id);
    C.write(button, "POST", "/staff/bookings/" + encodeURIComponent(id) + "/balance/refund", undefined, where)
      .then(function (answer) {
        if (!answer) { return; }
        C.notice("已申请退还尾款，微信支付确认后到账");
        show(id, answer);
      });
  }

  function onBillButton(button) {
    if (button.hasAttribute("data-balance-refund")) { refundBalance(button); return true; }
    if (button.hasAttribute("data-bill-print")) { printPage(button.getAttribute("data-bill-print")); return true; }
    if (button.hasAttribute("data-bill-csv")) { downloadCsv(button.getAttribute("data-bill-csv")); return true; }
    var id = button.getAttribute("data-bill");
    if (!id) { return false; }
    C.run(C.api("GET", path(id)).then(function (bill) { show(id, bill); }));
    return true;
  }

  var fileButtons = C.fileButtons;
  var onFileButton = C.onFileButton;
  C.fileButtons = function (b) { return fileButtons(b).concat(billButtons(b)); };
  C.onFileButton = function (button) { return onBillButton(button) || onFileButton(button); };
})();
