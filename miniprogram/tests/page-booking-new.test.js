const { installWx, fakeBackend, mount, settle, text, error } = require('./helpers')
const config = require('../src/config')
const storage = require('../src/utils/storage')

const DAY = '2026-12-02'
const slot = (hh, tier, available = 4, extra = {}) => ({
  start: `${DAY}T${hh}:00+08:00`, end: '', available, tier, discount: tier === 'recommended' ? 0.15 : null, ...extra,
})
const SLOTS = [slot('09:00', 'busy'), slot('14:00', 'recommended', 3, { price_estimate: '656.00' }), slot('15:00', 'normal', 0)]

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
