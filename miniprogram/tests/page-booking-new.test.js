const { installWx, fakeBackend, mount, settle, text, error } = require('./helpers')
const config = require('../src/config')
const storage = require('../src/utils/storage')

const DAY = '2026-12-02'
const slot = (hh, tier, available = 4, extra = {}) => ({
  start: `${DAY}T${hh}:00+08:00`, end: '', available, tier, discount: tier === 'recommended' ? 0.15 : null, ...extra,
})
const SLOTS = [slot('09:00', 'busy'), slot('14:00', 'recommended', 3, { price_estimate: '656.00', labour_estimate: '306.00' }),
  slot('15:00', 'normal', 0)]

beforeEach(() => {
  installWx()
  wx.setStorageSync('mp_token', 't')
  config.templates.reminder = 'TPL-REMINDER'
  config.templates.booking_confirmed = 'TPL-CONFIRMED'
})
afterEach(() => {
  config.templates.reminder = ''
  config.templates.booking_confirmed = ''
})

async function open(routes, query = { store_id: 'demo-pudong', store_name: encodeURIComponent('浦东店') }) {
  const calls = fakeBackend({ 'GET /mp/stores/demo-pudong/slots': [200, { store_id: 'demo-pudong', date: DAY, closed: null, slots: SLOTS }], ...routes })
  const page = mount('pages/booking/new')
  await page.root.onLoad(query)
  await settle()
  return { ...page, calls }
}

function fill(root) {
  root.setData({
    start: `${DAY}T14:00:00+08:00`,
    vehicle: { plate: '沪AD12345', model: 'Mazda CX-5', mileage: '35000' },
    plateValid: true,
    name: '张伟',
    phone: '13800138000',
    description: '刹车异响',
  })
}

test('service type -> day -> slots; recommended stand out, busy says so, full cannot be chosen', async () => {
  const { comp, root, calls } = await open({})
  expect(calls[0].query).toEqual({ date: root.data.date, service_type: 'maintenance' })
  expect(text(comp)).toContain('浦东店')
  expect(text(comp)).toContain('¥656.00')
  expect(text(comp)).toContain('繁忙')
  expect(text(comp)).toContain('已约满')
  comp.querySelectorAll('.chip')[3].dispatchEvent('tap') // 维修
  await settle()
  expect(calls[calls.length - 1].query.service_type).toBe('repair')
  comp.querySelectorAll('.day')[3].dispatchEvent('tap')
  await settle()
  expect(calls[calls.length - 1].query.date).toBe(root.data.days[3].date)
  comp.querySelector('#slots').querySelectorAll('.slot')[1].dispatchEvent('tap')
  await settle(1)
  expect(root.data.start).toBe(`${DAY}T14:00:00+08:00`)
})

test('first available across stores: picking one sets the store', async () => {
  const { comp, root } = await open(
    { 'GET /mp/first-available': [200, { slots: [slot('10:00', 'normal', 2, { store_id: 'demo-xuhui', store_name: '徐汇店' })] }] },
    { first: '1' },
  )
  expect(text(comp)).toContain('徐汇店')
  comp.querySelector('#slots').querySelectorAll('.slot')[0].dispatchEvent('tap')
  await settle(1)
  expect(root.data.storeId).toBe('demo-xuhui')
})

test('the last vehicle and contact are remembered', async () => {
  storage.rememberVehicle({ plate: '京A12345', model: '雅阁', mileage: 1000 })
  storage.rememberContact({ name: '李娜', phone: '13900139000' })
  const { root } = await open({})
  expect(root.data.vehicle).toEqual({ plate: '京A12345', model: '雅阁', mileage: '1000' })
  expect(root.data.name).toBe('李娜')
})

test('missing fields are named before anything is sent', async () => {
  const { comp, root, calls } = await open({})
  const before = calls.length
  await root.onSubmit()
  await settle(1)
  expect(text(comp)).toContain('请选择预约时段')
  expect(calls.length).toBe(before)
  expect(wx.requestSubscribeMessage).not.toHaveBeenCalled()
})

test('subscribe accepted: grants sent to /mp/subscriptions, booked with an Idempotency-Key, vehicle remembered', async () => {
  wx.requestSubscribeMessage = jest.fn(({ success }) => success({ 'TPL-REMINDER': 'accept', 'TPL-CONFIRMED': 'reject', errMsg: 'ok' }))
  const { root, calls } = await open({
    'POST /mp/subscriptions': [200, { subscriptions: { reminder: 1 } }],
    'POST /mp/bookings': [201, { booking_id: 'b-1' }],
  })
  fill(root)
  await root.onSubmit()
  await settle()
  expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds.sort()).toEqual(['TPL-CONFIRMED', 'TPL-REMINDER'])
  expect(calls.find((c) => c.key === 'POST /mp/subscriptions').data).toEqual({ templates: { reminder: 1 } })
  const book = calls.find((c) => c.key === 'POST /mp/bookings')
  expect(book.header['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
  expect(book.data).toEqual({
    store_id: 'demo-pudong', start: `${DAY}T14:00:00+08:00`, service_type: 'maintenance',
    customer: { name: '张伟', phone: '13800138000' }, vehicle: { plate: '沪AD12345', model: 'Mazda CX-5', mileage: 35000 },
    description: '刹车异响',
  })
  expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/booking/detail?id=b-1' })
  expect(storage.vehicles()[0].plate).toBe('沪AD12345')
})

test('subscribe refused: no grant sent, the booking still goes through', async () => {
  const { root, calls } = await open({ 'POST /mp/bookings': [201, { booking_id: 'b-2' }] })
  fill(root)
  await root.onSubmit()
  await settle()
  expect(wx.requestSubscribeMessage).toHaveBeenCalled()
  expect(calls.some((c) => c.key === 'POST /mp/subscriptions')).toBe(false)
  expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/booking/detail?id=b-2' })
})

test('slot_full refreshes the slots and says so', async () => {
  const { comp, root, calls } = await open({ 'POST /mp/bookings': error('slot_full', 'that slot is full', 409, 'start') })
  fill(root)
  const loadsBefore = calls.filter((c) => c.key.endsWith('/slots')).length
  await root.onSubmit()
  await settle()
  expect(calls.filter((c) => c.key.endsWith('/slots')).length).toBe(loadsBefore + 1)
  expect(root.data.start).toBe('')
  expect(text(comp)).toContain('该时段刚刚约满，已为您刷新可选时段')
})

test('a failed submit keeps its Idempotency-Key for the next tap; a new slot gets a new key', async () => {
  let n = 0
  const { root, calls } = await open({ 'POST /mp/bookings': () => (++n <= 3 ? 'network' : [201, { booking_id: 'b-3' }]) })
  fill(root)
  await root.onSubmit()
  await settle()
  expect(root.data.error).toBe('网络不太好，请检查网络后重试')
  await root.onSubmit()
  await settle()
  const keys = calls.filter((c) => c.key === 'POST /mp/bookings').map((c) => c.header['Idempotency-Key'])
  expect(keys).toHaveLength(4)
  expect(new Set(keys).size).toBe(1)
  expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/booking/detail?id=b-3' })
})

test('privacy refused: the booking is not sent', async () => {
  wx.requirePrivacyAuthorize = jest.fn(({ fail }) => fail({ errMsg: 'privacy refused' }))
  const { root, calls } = await open({ 'POST /mp/bookings': [201, { booking_id: 'x' }] })
  fill(root)
  await root.onSubmit()
  await settle()
  expect(root.data.error).toContain('隐私保护指引')
  expect(calls.some((c) => c.key === 'POST /mp/bookings')).toBe(false)
})

test('slots failing to load: error state with retry; a closed day says so', async () => {
  const { comp, root } = await open({ 'GET /mp/stores/demo-pudong/slots': error('store_not_found', 'no', 404) })
  expect(text(comp)).toContain('未找到该门店')
  fakeBackend({ 'GET /mp/stores/demo-pudong/slots': [200, { store_id: 'demo-pudong', date: DAY, closed: 'holiday', slots: [] }] })
  await root.loadSlots()
  await settle()
  expect(text(comp)).toContain('门店当天休息')
  expect(text(comp)).toContain('该日暂无可约时段')
})

/** A coupon as GET /mp/coupons answers it. @param {Record<string, any>} [over] */
function coupon(over = {}) {
  return {
    coupon_id: 'winter-check', name: '冬季检查', valid_from: '2026-12-01', valid_to: '2026-12-31', amount_fen: 5000,
    percent: null, per_customer: 1, claimed: true, used: 0, usable: true, expired: false, ...over,
  }
}
const COUPONS = [
  coupon(),
  coupon({ coupon_id: 'tenth', name: '九折', amount_fen: null, percent: 10 }),
  coupon({ coupon_id: 'unclaimed', name: '未领取', claimed: false, usable: false }),
  coupon({ coupon_id: 'spent', name: '已用完', used: 1, usable: false }),
  coupon({ coupon_id: 'january', name: '一月', valid_from: '2027-01-01', valid_to: '2027-01-31' }),
  coupon({ coupon_id: 'repairs', name: '维修券', service_types: ['repair'] }),
]

test('a chosen slot offers only the coupons that apply, with the price with and without; the choice is sent', async () => {
  const { comp, root, calls } = await open({ 'GET /mp/coupons': [200, { coupons: COUPONS }],
    'POST /mp/bookings': [201, { booking_id: 'b-9' }] })
  expect(text(comp)).toContain('选择时段后，可选用适用的优惠券')
  comp.querySelector('#slots').querySelectorAll('.slot')[1].dispatchEvent('tap')  // 14:00, 656.00 of which 306.00 labour
  await settle(1)
  expect(root.data.couponChoices.map((c) => [c.id, c.off, c.price])).toEqual([
    ['winter-check', '¥50.00', '¥606.00'], ['tenth', '¥30.60', '¥625.40']])  // 10 % of 306.00
  expect(text(comp)).toContain('冬季检查（立减50.00元工时费）')
  comp.querySelectorAll('.coupon-choice')[1].dispatchEvent('tap')
  await settle(1)
  expect(root.data.couponId).toBe('tenth')
  expect(text(comp)).toContain('用券后预估价格：¥625.40（不用券¥656.00）')
  fill(root)
  await root.onSubmit()
  await settle()
  expect(calls.find((c) => c.key === 'POST /mp/bookings').data.coupon_id).toBe('tenth')
})

test('another service drops a coupon that is not for it; without a chosen coupon none is sent', async () => {
  const { comp, root, calls } = await open({ 'GET /mp/coupons': [200, { coupons: COUPONS }],
    'POST /mp/bookings': [201, { booking_id: 'b-10' }] })
  comp.querySelector('#slots').querySelectorAll('.slot')[1].dispatchEvent('tap')
  await settle(1)
  comp.querySelectorAll('.coupon-choice')[0].dispatchEvent('tap')
  await settle(1)
  expect(root.data.couponId).toBe('winter-check')
  comp.querySelectorAll('.coupon-choice')[0].dispatchEvent('tap')  // tapped again: not used
  await settle(1)
  expect(root.data.couponId).toBe('')
  root.setData({ serviceType: 'repair' })
  root.offerCoupons()
  expect(root.data.couponChoices.map((c) => c.id)).toEqual(['winter-check', 'tenth', 'repairs'])
  root.setData({ serviceType: 'maintenance', couponId: 'repairs' })
  root.offerCoupons()
  expect(root.data.couponId).toBe('')
  fill(root)
  await root.onSubmit()
  await settle()
  expect(calls.find((c) => c.key === 'POST /mp/bookings').data).not.toHaveProperty('coupon_id')
})

test('a coupon refused at booking says why, is dropped, and the coupons are read again', async () => {
  const { comp, root, calls } = await open({ 'GET /mp/coupons': [200, { coupons: COUPONS }],
    'POST /mp/bookings': error('coupon_used_up', 'the coupon is not claimed, or used as often as it may be', 409, 'coupon_id') })
  comp.querySelector('#slots').querySelectorAll('.slot')[1].dispatchEvent('tap')
  await settle(1)
  comp.querySelectorAll('.coupon-choice')[0].dispatchEvent('tap')
  await settle(1)
  fill(root)
  const reads = calls.filter((c) => c.key === 'GET /mp/coupons').length
  await root.onSubmit()
  await settle()
  expect(root.data.couponId).toBe('')
  expect(text(comp)).toContain('请先领取优惠券，或该券已达到使用次数')
  expect(calls.filter((c) => c.key === 'GET /mp/coupons').length).toBe(reads + 1)
})

test('no listed price: no coupon is offered; the coupons page is a tap away; unreadable coupons do not stop booking', async () => {
  const { comp, root } = await open({ 'GET /mp/coupons': [200, { coupons: COUPONS }] })
  root.setData({ start: `${DAY}T09:00:00+08:00` })  // the busy slot has no price for this service
  root.offerCoupons()
  expect(root.data.couponChoices).toEqual([])
  expect(text(comp)).toContain('暂无适用于该服务和日期的优惠券')
  comp.querySelector('.my-coupons').dispatchEvent('tap')
  await settle(1)
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/coupons/index' })
  const failing = await open({ 'GET /mp/coupons': [500, {}] })
  expect(failing.root.data.coupons).toEqual([])
  expect(failing.root.data.slotState).toBe('')
})
