// What the customer reads when the API refuses: the Chinese wording per error code. The code never changes,
// so the mapping is stable; a Chinese message from the server is shown as is, an English one is replaced.

/** @type {Record<string, string>} */
const MESSAGES = {
  network: '网络不太好，请检查网络后重试',
  server: '服务暂时繁忙，请稍后再试',
  too_many_requests: '请求太频繁，请稍后再试',
  unauthorized: '登录已失效，请重新登录',
  token_expired: '登录已失效，请重新登录',
  invalid_token: '登录已失效，请重新登录',
  invalid_code: '微信登录失败，请重试',
  chain_not_found: '未找到该门店品牌，请联系门店',
  slot_full: '该时段刚刚约满，已为您刷新可选时段，请重新选择',
  day_full: '当天已约满，请选择其他日期',
  past_cutoff: '距离预约时间太近，无法在线操作，请致电门店',
  too_soon: '预约需至少提前一小时，请选择更晚的时段',
  in_the_past: '该时间已过，请选择其他时段',
  beyond_horizon: '暂不能预约这么远的日期',
  store_closed: '门店当天休息，请选择其他日期',
  not_a_slot: '请选择列表中的时段',
  same_slot: '新时间与原时间相同',
  too_many_bookings: '您已有多个未完成的预约，请先完成或取消',
  idempotency_key_reused: '请求重复，请刷新后重试',
  booking_not_found: '未找到该预约',
  store_not_found: '未找到该门店',
  illegal_transition: '预约当前状态不允许此操作',
  feedback_given: '您已评价过本次服务，感谢您的反馈',
  not_completed: '服务完成后才能评价',
  upstream_unavailable: '微信服务暂时不可用，请稍后再试',
  write_conflict: '操作冲突，请刷新后重试',
  stale_booking: '预约已更新，请刷新后重试',
  invalid_json: '提交的内容有误，请重试',
  invalid_body: '提交的内容有误，请重试',
  required: '请填写必填项',
  coupon_not_found: '找不到该优惠券',
  coupon_not_valid: '该优惠券不适用于所选日期或服务',
  coupon_used_up: '请先领取优惠券，或该券已达到使用次数',
  invalid: '填写的内容有误，请检查',
  deposit_not_due: '该预约无需支付订金',
  deposit_not_payable: '订金已支付或已超时关闭，请刷新查看',
  no_openid: '请在您预约时使用的小程序中支付',
  payments_unavailable: '暂不支持在线支付订金，请联系门店',
  chain_not_configured: '门店暂未开通在线支付，请联系门店',
  balance_payment_off: '请到门店收银台结算',
  bill_not_final: '结算单尚未确定，请稍后再付尾款',
  nothing_to_pay: '该结算单没有待付尾款',
  balance_paid: '尾款已支付，请刷新查看',
  bill_changed: '结算单已变更，请刷新后重试',
  balance_refunded: '尾款已退还，请到门店收银台结算',
}

/** @type {Record<string, string>} */
const FIELDS = {
  'customer.name': '姓名',
  'customer.phone': '手机号',
  'vehicle.plate': '车牌号',
  'vehicle.model': '车型',
  'vehicle.mileage': '里程',
  description: '故障描述',
  start: '预约时间',
  score: '评分',
  comment: '评价内容',
}

const CJK = /[\u4e00-\u9fff]/

/**
 * The sentence to show for a refusal.
 * @param {string} code
 * @param {string | null} [serverMessage]
 * @param {string | null} [field]
 * @returns {string}
 */
function customerMessage(code, serverMessage, field) {
  if (serverMessage && CJK.test(serverMessage)) return serverMessage
  if ((code === 'invalid' || code === 'required') && field && FIELDS[field]) {
    return code === 'required' ? `请填写${FIELDS[field]}` : `${FIELDS[field]}填写有误，请检查`
  }
  return MESSAGES[code] || '操作未成功，请稍后再试'
}

module.exports = { customerMessage, MESSAGES, FIELDS }
