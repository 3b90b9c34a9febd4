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
