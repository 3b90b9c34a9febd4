const { installWx, fakeBackend, mount, settle, text, error } = require('./helpers')
const { booking } = require('./fixtures')

beforeEach(() => {
  installWx()
  wx.setStorageSync('mp_token', 't')
})

async function open(routes, b = booking()) {
  const calls = fakeBackend({ 'GET /mp/bookings/b-1': [200, b], ...routes })
  const page = mount('pages/booking/detail')
  await page.root.onLoad({ id: 'b-1' })
  await settle()
  return { ...page, calls }
}

test('opened from a message link: status, progress, advisor, price', async () => {
  const { comp, root } = await open({})
  const t = text(comp)
  expect(t).toContain('待确认')
  expect(t).toContain('王师傅')
  expect(t).toContain('¥656.00 工时8.5折')
  expect(t).toContain('沪AD12345')
  expect(root.data.booking.steps[0].done).toBe(true)
  expect(root.data.booking.steps[1].done).toBe(false)
})

test('acknowledge', async () => {
  const { comp, calls } = await open({ 'POST /mp/bookings/b-1/acknowledge': [200, booking({ acknowledged_at: '2026-12-01T10:00:00+08:00' })] })
  comp.querySelector('.acknowledge').dispatchEvent('tap')
  await settle()
  expect(calls.some((c) => c.key === 'POST /mp/bookings/b-1/acknowledge')).toBe(true)
  expect(text(comp)).toContain('您已确认准时到店')
})

test('cancel after confirming', async () => {
  const { comp, calls } = await open({ 'POST /mp/bookings/b-1/cancel': [200, booking({ status: 'cancelled' })] })
  comp.querySelector('.cancel').dispatchEvent('tap')
  await settle()
  expect(calls.find((c) => c.key === 'POST /mp/bookings/b-1/cancel').data).toEqual({ reason: '客户在小程序取消' })
  expect(text(comp)).toContain('已取消')
  expect(comp.querySelector('.cancel')).toBeFalsy()
})

test('cancel refused past the cut-off: the cut-off is explained', async () => {
  const { comp } = await open({ 'POST /mp/bookings/b-1/cancel': error('past_cutoff', 'it is too late to cancel online', 409, 'start') })
  comp.querySelector('.cancel').dispatchEvent('tap')
  await settle()
  const modal = wx.showModal.mock.calls[wx.showModal.mock.calls.length - 1][0]
  expect(modal.title).toBe('无法在线操作')
  expect(modal.content).toContain('预约开始前2小时内不能在线取消或改期')
})

test('reschedule: pick a new slot, confirm; slot_full refreshes', async () => {
  const slots = [{ start: '2026-12-03T10:00:00+08:00', end: '', available: 2, tier: 'normal', discount: null }]
  let n = 0
  const { comp, root, calls } = await open({
    'GET /mp/stores/demo-pudong/slots': [200, { store_id: 'demo-pudong', date: '2026-12-03', closed: null, slots }],
    'POST /mp/bookings/b-1/reschedule': () => (++n === 1 ? error('slot_full', 'full', 409) : [200, booking({ start: '2026-12-03T10:00:00+08:00' })]),
  })
  comp.querySelector('.reschedule').dispatchEvent('tap')
  await settle()
  expect(calls.find((c) => c.key.endsWith('/slots')).query).toEqual({ date: '2026-12-02', service_type: 'maintenance' })
  comp.querySelector('#slots').querySelectorAll('.slot')[0].dispatchEvent('tap')
  await settle(1)
  await root.onConfirmReschedule()
  await settle()
  expect(text(comp)).toContain('该时段刚刚约满')
  root.setData({ newStart: '2026-12-03T10:00:00+08:00' })
  await root.onConfirmReschedule()
  await settle()
  expect(calls.filter((c) => c.key === 'POST /mp/bookings/b-1/reschedule')[1].data).toEqual({ start: '2026-12-03T10:00:00+08:00' })
  expect(text(comp)).toContain('12月3日 周四 10:00')
  expect(root.data.rescheduling).toBe(false)
})

test('completed: survey button, no cancel', async () => {
  const { comp } = await open({}, booking({ status: 'completed' }))
  expect(comp.querySelector('.cancel')).toBeFalsy()
  comp.querySelector('.feedback').dispatchEvent('tap')
  await settle(1)
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/feedback/index?id=b-1' })
})

test('another customer\'s or unknown booking: error state; a link without id says so', async () => {
  const { comp } = await open({ 'GET /mp/bookings/b-1': error('booking_not_found', 'no such booking', 404) })
  expect(text(comp)).toContain('未找到该预约')
  const page = mount('pages/booking/detail')
  await page.root.onLoad({})
  await settle(1)
  expect(text(page.comp)).toContain('链接缺少预约编号')
})

test('a booking made with a coupon shows what the coupon took off; one without shows no coupon line', async () => {
  const { comp } = await open({}, booking({ price_estimate: '606.00', coupon: { coupon_id: 'winter-check', off: '50.00' } }))
  expect(text(comp)).toContain('优惠券已抵扣¥50.00')
  const plain = await open({})
  expect(text(plain.comp)).not.toContain('优惠券')
})

const STORE = { store_id: 'demo-pudong', name: '浦东旗舰店', address: '上海市浦东新区世纪大道1000号', phone: '021-60000000',
  timezone: 'Asia/Shanghai', slot_minutes: 30, hours: {}, location: { lat: 31.23, lng: 121.5 } }

test('the store of the booking: name, address, call, open in map', async () => {
  const { comp } = await open({ 'GET /mp/stores': [200, { stores: [STORE] }] })
  const t = text(comp)
  expect(t).toContain('浦东旗舰店')
  expect(t).toContain('上海市浦东新区世纪大道1000号')
  comp.querySelector('.store-call').dispatchEvent('tap')
  comp.querySelector('.store-map').dispatchEvent('tap')
  await settle(1)
  expect(wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '021-60000000' })
  expect(wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ latitude: 31.23, longitude: 121.5, name: '浦东旗舰店' }))
})

test('a store without a location: the address is copied instead of a map', async () => {
  const { comp } = await open({ 'GET /mp/stores': [200, { stores: [{ ...STORE, location: null }] }] })
  comp.querySelector('.store-map').dispatchEvent('tap')
  await settle(1)
  expect(wx.openLocation).not.toHaveBeenCalled()
  expect(wx.setClipboardData).toHaveBeenCalledWith({ data: '上海市浦东新区世纪大道1000号' })
})

test('a job under way: the promised time, the one first promised after a delay, the timeline', async () => {
  const events = [
    { at: '2026-12-02T06:00:00Z', kind: 'arrived', by: 'staff:wang' },
    { at: '2026-12-02T06:00:00Z', kind: 'promised', by: 'staff:wang', note: '2026-12-02T16:00:00+08:00 computed' },
    { at: '2026-12-02T06:10:00Z', kind: 'in_service', by: 'staff:wang' },
    { at: '2026-12-02T07:00:00Z', kind: 'delayed', by: 'staff:wang', note: '2026-12-02T17:30:00+08:00 需等待配件到货' },
  ]
  const promised = { at: '2026-12-02T17:30:00+08:00', first: '2026-12-02T16:00:00+08:00', delays: 1, reason: '需等待配件到货',
    check_from: '2026-12-02T16:12:00+08:00', check_by: '2026-12-02T16:48:00+08:00', checked_at: null }
  const { comp } = await open({}, booking({ status: 'in_service', events, promised, extra_work: [] }))
  const t = text(comp)
  expect(t).toContain('预计交车12月2日 17:30')
  expect(t).toContain('原定12月2日 16:00（需等待配件到货）')
  expect(t).toContain('12月2日 14:10开始施工')
  expect(t).toContain('交车延后：需等待配件到货，预计 12月2日 17:30')
})

test('extra work waiting for an answer: the page says how many and opens the approval page', async () => {
  const item = { item_id: 'x1', what: '更换前刹车片', why: '磨损', labour_hours: 1, parts: '', price: '680.00', price_fen: 68000,
    minutes: 60, status: 'proposed', proposed_at: '2026-12-02T07:00:00Z', decided_at: null, by_phone: false, said: null, told_at: null }
  const { comp } = await open({}, booking({ status: 'in_service', extra_work: [item] }))
  expect(text(comp)).toContain('车间发现1项增项，等待您确认')
  comp.querySelector('.extra-pending').dispatchEvent('tap')
  await settle(1)
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/booking/extra?id=b-1' })
})

const BILL = {
  booking_id: 'b-1', stage: 'final', priced: true,
  lines: [
    { kind: 'labour', what: '', item_id: null, fen: 40000, amount: '400.00' },
    { kind: 'discount', what: '', item_id: null, fen: -6000, amount: '-60.00' },
    { kind: 'parts', what: '', item_id: null, fen: 28550, amount: '285.50' },
    { kind: 'extra_work', what: '更换前刹车片', item_id: 'x1', fen: 68000, amount: '680.00' },
    { kind: 'coupon', what: '', item_id: null, fen: 0, amount: '0.00' },
    { kind: 'deposit', what: '', item_id: null, fen: -20000, amount: '-200.00' },
  ],
  charged_fen: 130550, charged: '1305.50', balance_fen: 110550, balance: '1105.50', refund_fen: 0, refund: '0.00',
}

test('a completed job shows its bill item by item and the balance (docs/product-rules.md#the-bill)', async () => {
  const { comp, calls } = await open({ 'GET /mp/bookings/b-1/bill': [200, BILL] }, booking({ status: 'completed' }))
  expect(calls.some((c) => c.key === 'GET /mp/bookings/b-1/bill')).toBe(true)
  const t = text(comp)
  expect(t).toContain('结算单')
  expect(t).toContain('工时费¥400.00')
  expect(t).toContain('时段优惠-¥60.00')
  expect(t).toContain('增项：更换前刹车片¥680.00')
  expect(t).toContain('已付定金-¥200.00')
  expect(t).toContain('应付¥1105.50')
  expect(t).not.toContain('优惠券') // a zero coupon line is left out
  expect(t).not.toContain('退还')
})

test('a deposit more than the bill: the refund is said; a job under way shows an estimate', async () => {
  const over = { ...BILL, stage: 'estimate', balance_fen: 0, balance: '0.00', refund_fen: 5000, refund: '50.00' }
  const { comp } = await open({ 'GET /mp/bookings/b-1/bill': [200, over] }, booking({ status: 'in_service' }))
  const t = text(comp)
  expect(t).toContain('预估结算单')
  expect(t).toContain('门店将退还您¥50.00')
})

test('before the customer comes there is no bill to ask for', async () => {
  const { comp, calls } = await open({})
  expect(calls.some((c) => c.key.endsWith('/bill'))).toBe(false)
  expect(text(comp)).not.toContain('结算单')
})

test('申请发票 under the bill: a company request is sent and what was sent is shown (docs/product-rules.md#the-bill)', async () => {
  const sentBack = { kind: 'company', title: '上海某某汽车服务有限公司', tax_id: '91310115MA1H7XXX0A', email: 'finance@example.com' }
  const { comp, root, calls } = await open({
    'GET /mp/bookings/b-1/bill': [200, { ...BILL, invoice: null }],
    'PUT /mp/bookings/b-1/invoice': [200, { ...BILL, invoice: sentBack }],
  }, booking({ status: 'completed' }))
  expect(text(comp)).not.toContain('已提交发票申请')
  comp.querySelector('.invoice-open').dispatchEvent('tap')
  await settle()
  expect(comp.querySelector('.invoice-tax-id')).toBeFalsy() // 个人 first: no 税号
  comp.querySelectorAll('.invoice-kind')[1].dispatchEvent('tap')
  await settle()
  expect(comp.querySelector('.invoice-tax-id')).toBeTruthy()
  root.setData({ 'invoiceForm.title': ' 上海某某汽车服务有限公司 ', 'invoiceForm.tax_id': '91310115ma1h7xxx0a',
    'invoiceForm.email': 'finance@example.com' })
  comp.querySelector('.invoice-submit').dispatchEvent('tap')
  await settle()
  expect(calls.find((c) => c.key === 'PUT /mp/bookings/b-1/invoice').data).toEqual(sentBack)
  const t = text(comp)
  expect(t).toContain('已提交发票申请')
  expect(t).toContain('单位：上海某某汽车服务有限公司')
  expect(t).toContain('税号：91310115MA1H7XXX0A')
  expect(t).toContain('邮箱：finance@example.com')
  expect(comp.querySelector('.invoice-form')).toBeFalsy()
  expect(comp.querySelector('.invoice-open')).toBeFalsy()
})

test('a personal request carries no 税号; a refused field is explained on the form', async () => {
  const { comp, root, calls } = await open({
    'GET /mp/bookings/b-1/bill': [200, { ...BILL, invoice: null }],
    'PUT /mp/bookings/b-1/invoice': error('invalid', 'title must be 1 to 100 characters', 400, 'title'),
  }, booking({ status: 'in_service' }))
  comp.querySelector('.invoice-open').dispatchEvent('tap')
  await settle()
  root.setData({ 'invoiceForm.title': '张伟', 'invoiceForm.tax_id': 'left-over' })
  comp.querySelector('.invoice-submit').dispatchEvent('tap')
  await settle()
  expect(calls.find((c) => c.key === 'PUT /mp/bookings/b-1/invoice').data).toEqual({ kind: 'personal', title: '张伟' })
  expect(text(comp)).toContain('请填写发票抬头（不超过100字）')
  expect(comp.querySelector('.invoice-form')).toBeTruthy()
})

test('a request already made is shown under the bill instead of the button', async () => {
  const { comp } = await open({ 'GET /mp/bookings/b-1/bill': [200, { ...BILL, invoice: { kind: 'personal', title: '张伟', tax_id: null, email: null } }] },
    booking({ status: 'completed' }))
  expect(text(comp)).toContain('个人：张伟')
  expect(text(comp)).not.toContain('税号')
  expect(comp.querySelector('.invoice-open')).toBeFalsy()
})

// --- the parts deposit (docs/product-rules.md#deposit-payment) ---------------------------------------------------

const PARTS = { expected: '2026-12-20', estimate_fen: 240000, deposit_fen: 120000 }
const waitingParts = (over = {}) => booking({ status: 'pending', start: null, end: null, parts_status: 'waiting', parts: PARTS, ...over })
const ordered = { state: 'ordered', amount_fen: 120000, due_by: '2999-12-01T02:30:00Z', paid_fen: 0, refund_fen: 0, refunded_fen: 0 }
const paidDeposit = { ...ordered, state: 'paid', paid_fen: 120000 }
const PAYMENT = { appId: 'wxapp', timeStamp: '1700000000', nonceStr: 'n1', package: 'prepay_id=wx1', signType: 'RSA', paySign: 'sig' }

test('a deposit due: the amount and a pay button; paid: WeChat Pay with our order, asked until paid, the booking read again', async () => {
  let checks = 0
  let reads = 0
  const { comp, calls } = await open({
    'GET /mp/bookings/b-1': () => [200, ++reads === 1 ? waitingParts() : waitingParts({ deposit: paidDeposit })],
    'POST /mp/bookings/b-1/deposit': [200, { deposit: ordered, payment: PAYMENT }],
    'GET /mp/bookings/b-1/deposit': () => [200, { deposit: ++checks < 2 ? ordered : paidDeposit }],
  })
  wx.requestPayment = jest.fn((o) => o.success({ errMsg: 'requestPayment:ok' }))
  expect(text(comp)).toContain('备件订金¥1200.00待支付')
  comp.querySelector('.pay-deposit').dispatchEvent('tap')
  await settle(12)
  expect(wx.requestPayment).toHaveBeenCalledWith(expect.objectContaining({ timeStamp: '1700000000', nonceStr: 'n1',
    package: 'prepay_id=wx1', signType: 'RSA', paySign: 'sig' }))
  expect(calls.filter((c) => c.key === 'GET /mp/bookings/b-1/deposit')).toHaveLength(2)
  expect(calls.filter((c) => c.key === 'GET /mp/bookings/b-1')).toHaveLength(2)
  expect(text(comp)).toContain('备件订金¥1200.00已支付')
  expect(comp.querySelector('.pay-deposit')).toBeFalsy()
  expect(wx.showToast).toHaveBeenLastCalledWith({ title: '订金已支付', icon: 'success' })
})

test('an order waiting to be paid: the time to pay by; the customer closes the cashier: nothing alarming', async () => {
  const live = { ...ordered, due_by: '2999-12-02T02:30:00Z' }
  const { comp, calls } = await open({
    'GET /mp/bookings/b-1': [200, waitingParts({ deposit: live })],
    'POST /mp/bookings/b-1/deposit': [200, { deposit: live, payment: PAYMENT }],
  })
  expect(text(comp)).toContain('请于12月2日 10:30前支付，逾期未付将取消订货')
  wx.requestPayment = jest.fn((o) => o.fail({ errMsg: 'requestPayment:fail cancel' }))
  comp.querySelector('.pay-deposit').dispatchEvent('tap')
  await settle()
  expect(wx.showModal).not.toHaveBeenCalled()
  expect(wx.showToast).toHaveBeenCalledWith({ title: '已取消支付', icon: 'none' })
  expect(calls.some((c) => c.key === 'GET /mp/bookings/b-1/deposit')).toBe(false)
  expect(comp.querySelector('.pay-deposit')).toBeTruthy()
})

test('WeChat Pay fails, or our order is refused: a Chinese message', async () => {
  const { comp } = await open({
    'GET /mp/bookings/b-1': [200, waitingParts()],
    'POST /mp/bookings/b-1/deposit': [200, { deposit: ordered, payment: PAYMENT }],
  })
  wx.requestPayment = jest.fn((o) => o.fail({ errMsg: 'requestPayment:fail system error' }))
  comp.querySelector('.pay-deposit').dispatchEvent('tap')
  await settle()
  expect(wx.showModal.mock.calls[0][0]).toEqual(expect.objectContaining({ title: '支付未成功',
    content: expect.stringContaining('微信支付未完成') }))
  const refused = await open({
    'GET /mp/bookings/b-1': [200, waitingParts()],
    'POST /mp/bookings/b-1/deposit': error('payments_unavailable', 'this service takes no WeChat Pay payments', 503, 'payment'),
  })
  refused.comp.querySelector('.pay-deposit').dispatchEvent('tap')
  await settle()
  expect(wx.showModal.mock.calls[1][0].content).toBe('暂不支持在线支付订金，请联系门店')
})

test('the deposit\'s state: refunding and refunded with the amount; closed unpaid has no pay button; none due shows nothing', async () => {
  const refunding = await open({}, waitingParts({ status: 'cancelled', deposit: { ...paidDeposit, state: 'refunding', refund_fen: 120000 } }))
  expect(text(refunding.comp)).toContain('备件订金¥1200.00退款中')
  expect(text(refunding.comp)).toContain('退款¥1200.00')
  expect(refunding.comp.querySelector('.pay-deposit')).toBeFalsy()
  const refunded = await open({}, waitingParts({ status: 'cancelled',
    deposit: { ...paidDeposit, state: 'refunded', refund_fen: 120000, refunded_fen: 120000 } }))
  expect(text(refunded.comp)).toContain('已退款')
  const closed = await open({}, waitingParts({ status: 'cancelled', deposit: { ...ordered, state: 'closed' } }))
  expect(text(closed.comp)).toContain('已关闭（超时未支付）')
  expect(closed.comp.querySelector('.pay-deposit')).toBeFalsy()
  const plain = await open({})
  expect(plain.comp.querySelector('.deposit')).toBeFalsy()
})

// --- the bill's balance (docs/product-rules.md#balance-payment) ----------------------------------------------------

const ON = { ...BILL, invoice: null, balance_mode: 'mini_program', balance_payment: null }
const balanceOrdered = { state: 'ordered', amount_fen: 110550, due_by: '2999-12-01T02:30:00Z', paid_fen: 0, paid_at: null, transaction_id: null }
const balancePaid = { ...balanceOrdered, state: 'paid', paid_fen: 110550, paid_at: '2026-12-01T04:05:00Z', transaction_id: '4200000001' }
const PAID_BILL = { ...ON, balance_payment: balancePaid, balance_fen: 0, balance: '0.00',
  lines: [...BILL.lines, { kind: 'balance_paid', what: '4200000001', item_id: null, fen: -110550, amount: '-1105.50' }] }

test('支付尾款 where the chain takes it in the mini-program: our order, WeChat Pay, asked until paid, then 已支付尾款', async () => {
  let checks = 0
  let bills = 0
  const { comp, calls } = await open({
    'GET /mp/bookings/b-1/bill': () => [200, ++bills === 1 ? ON : PAID_BILL],
    'POST /mp/bookings/b-1/balance': [200, { balance_payment: balanceOrdered, payment: PAYMENT }],
    'GET /mp/bookings/b-1/balance': () => [200, { balance_payment: ++checks < 2 ? balanceOrdered : balancePaid }],
  }, booking({ status: 'completed' }))
  wx.requestPayment = jest.fn((o) => o.success({ errMsg: 'requestPayment:ok' }))
  expect(text(comp)).toContain('支付尾款 ¥1105.50')
  expect(text(comp)).not.toContain('请到门店收银台结算')
  comp.querySelector('.pay-balance').dispatchEvent('tap')
  await settle(12)
  expect(wx.requestPayment).toHaveBeenCalledWith(expect.objectContaining({ package: 'prepay_id=wx1', paySign: 'sig' }))
  expect(calls.filter((c) => c.key === 'GET /mp/bookings/b-1/balance')).toHaveLength(2)
  expect(comp.querySelector('.pay-balance')).toBeFalsy()
  const t = text(comp)
  expect(t).toContain('已付尾款-¥1105.50')
  expect(t).toContain('已支付尾款 ¥1105.50（12月1日 12:05）')
  expect(t).toContain('应付¥0.00')
  expect(wx.showToast).toHaveBeenLastCalledWith({ title: '尾款已支付', icon: 'success' })
})

test('where the chain settles at its cashier: 请到门店收银台结算 and no pay button; an estimate has no pay button', async () => {
  const off = await open({ 'GET /mp/bookings/b-1/bill': [200, { ...ON, balance_mode: 'cashier' }] }, booking({ status: 'completed' }))
  expect(text(off.comp)).toContain('请到门店收银台结算')
  expect(off.comp.querySelector('.pay-balance')).toBeFalsy()
  const estimate = await open({ 'GET /mp/bookings/b-1/bill': [200, { ...ON, stage: 'estimate' }] }, booking({ status: 'in_service' }))
  expect(estimate.comp.querySelector('.pay-balance')).toBeFalsy()
  expect(text(estimate.comp)).not.toContain('请到门店收银台结算')
})

test('the balance refused (the bill changed meanwhile): a Chinese message, the button stays', async () => {
  const { comp } = await open({
    'GET /mp/bookings/b-1/bill': [200, ON],
    'POST /mp/bookings/b-1/balance': error('bill_changed', 'the bill changed; look at it again', 409, 'balance'),
  }, booking({ status: 'completed' }))
  comp.querySelector('.pay-balance').dispatchEvent('tap')
  await settle()
  expect(wx.showModal.mock.calls[0][0].content).toBe('结算单已变更，请刷新后重试')
  expect(comp.querySelector('.pay-balance')).toBeTruthy()
})

test('a balance the store refunded: how much went back, and the cashier takes the bill; no pay button', async () => {
  const refunded = { ...balancePaid, state: 'refunded', refund_fen: 110550, refunded_fen: 110550 }
  const { comp } = await open({ 'GET /mp/bookings/b-1/bill': [200, { ...ON, balance_payment: refunded }] }, booking({ status: 'completed' }))
  const t = text(comp)
  expect(t).toContain('小程序支付的尾款¥1105.50已退还')
  expect(t).toContain('请到门店收银台结算')
  expect(comp.querySelector('.pay-balance')).toBeFalsy()
})
