// The bill's balance (尾款) as the customer reads it under the bill (docs/product-rules.md#balance-payment): paid
// in the mini-program where the chain takes it there (支付尾款, then 已支付尾款 with when), else settled at the
// store's cashier (请到门店收银台结算), as it is once the store refunded a balance paid here (尾款¥…已退还).
const job = require('./job')
const { yuan } = require('./deposit')

/**
 * The balance section under a bill (every field empty when there is nothing to say).
 * @param {import('../types').Bill} bill
 */
function view(bill) {
  const p = bill.balance_payment || null
  if (p && p.state === 'paid') {
    return { payable: '', paid: yuan(p.paid_fen), paidAt: p.paid_at ? job.chinaWhen(p.paid_at) : '', cashier: false, refund: '' }
  }
  const none = { payable: '', paid: '', paidAt: '', cashier: false, refund: '' }
  if (p && (p.state === 'refunding' || p.state === 'refunded')) {  // the store refunded it: the cashier takes it
    return { ...none, cashier: bill.balance_fen > 0, refund: `${yuan(p.refund_fen)}${p.state === 'refunded' ? '已退还' : '退款中'}` }
  }
  if (bill.balance_fen <= 0) return none
  if (bill.balance_mode !== 'mini_program') return { ...none, cashier: true }
  return bill.stage === 'final' ? { ...none, payable: yuan(bill.balance_fen) } : none
}

module.exports = { view }
