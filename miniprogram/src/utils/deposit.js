// A parts booking's deposit as the customer reads it (docs/product-rules.md#deposit-payment): whether it is to
// be paid now and how much, its state (待支付 with the time it must be paid by, 已支付, 退款中, 已退款), and
// wx.requestPayment as a promise that tells a customer's cancel from a failure.
const job = require('./job')

/** "¥1000.00" from fen. @param {number} fen */
function yuan(fen) {
  return `¥${(fen / 100).toFixed(2)}`
}

const OPEN = ['pending', 'confirmed']

/**
 * The deposit section of a booking, or null when it has none.
 * @param {import('../types').Booking} b
 * @param {number} [now] epoch milliseconds
 */
function view(b, now = Date.now()) {
  const due = b.parts && b.parts.deposit_fen ? b.parts.deposit_fen : 0
  const d = b.deposit || null
  if (!due && !d) return null
  const amount = d ? d.amount_fen : due
  const live = !!d && d.state === 'ordered' && new Date(d.due_by).getTime() > now
  const waiting = OPEN.includes(b.status) && !b.start && !!b.parts_status
  const payable = waiting && (!d || live)
  return {
    amount: yuan(amount),
    state: d ? d.state : 'due',
    stateName: stateName(d, payable),
    dueBy: live && d ? job.chinaWhen(d.due_by) : '',
    refund: d && (d.state === 'refunding' || d.state === 'refunded') ? yuan(d.state === 'refunded' ? d.refunded_fen : d.refund_fen) : '',
    payable,
  }
}

/** @param {import('../types').Deposit | null} d @param {boolean} payable */
function stateName(d, payable) {
  if (!d) return payable ? '待支付' : '未支付'
  const names = { ordered: payable ? '待支付' : '未支付', paid: '已支付', closed: '已关闭（超时未支付）', refunding: '退款中', refunded: '已退款' }
  return names[d.state] || ''
}

/**
 * wx.requestPayment as a promise: 'paid', or 'cancelled' when the customer closed the cashier; rejects with
 * WeChat's errMsg on any other failure.
 * @param {Record<string, string>} params what POST /mp/bookings/{id}/deposit answered as `payment`
 * @returns {Promise<'paid' | 'cancelled'>}
 */
function requestPayment(params) {
  return new Promise((resolve, reject) => {
    wx.requestPayment({
      timeStamp: params.timeStamp,
      nonceStr: params.nonceStr,
      package: params.package,
      signType: /** @type {any} */ (params.signType),
      paySign: params.paySign,
      success: () => resolve('paid'),
      fail: (err) => (/cancel/.test(String(err && err.errMsg)) ? resolve('cancelled') : reject(new Error(String(err && err.errMsg)))),
    })
  })
}

module.exports = { view, yuan, requestPayment }
