const { installWx, fakeBackend, mount, settle, text, error } = require('./helpers')
const storage = require('../src/utils/storage')

beforeEach(() => {
  installWx()
  wx.setStorageSync('mp_token', 't')
})

function open(routes = {}) {
  const calls = fakeBackend(routes)
  const page = mount('pages/me/index')
  page.root.onLoad()
  return { ...page, calls }
}

test('getPhoneNumber accepted: the code goes to /mp/phone', async () => {
  const { comp, root, calls } = open({ 'POST /mp/phone': [200, { phone: '138****8000' }] })
  comp.querySelector('.phone').dispatchEvent('getphonenumber', { detail: { code: 'phone-code', errMsg: 'getPhoneNumber:ok' } })
  await settle()
  expect(calls.find((c) => c.key === 'POST /mp/phone').data).toEqual({ code: 'phone-code' })
  expect(root.data.phoneBound).toBe(true)
  expect(text(comp)).toContain('已绑定手机号')
})

test('getPhoneNumber refused: nothing sent, the customer can type it instead', async () => {
  const { comp, calls } = open()
  comp.querySelector('.phone').dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } })
  await settle()
  expect(calls.filter((c) => c.key !== 'GET /mp/me/consent')).toHaveLength(0)  // only the page's own consent read
  expect(text(comp)).toContain('未授权手机号')
})

test('a backend without /mp/phone: not open yet, no failure', async () => {
  const { comp } = open()
  comp.querySelector('.phone').dispatchEvent('getphonenumber', { detail: { code: 'c', errMsg: 'ok' } })
  await settle()
  expect(text(comp)).toContain('该功能暂未开放')
})

test('vehicles listed and forgotten; marketing consent read from and stored on the server', async () => {
  storage.rememberVehicle({ plate: '沪AD12345', model: 'CX-5', mileage: 35000 })
  const { comp, root, calls } = open({ 'GET /mp/me/consent': [200, { marketing: false }],
    'PUT /mp/me/consent': [200, { marketing: true }] })
  expect(text(comp)).toContain('沪AD12345 CX-5 35000公里')
  comp.querySelector('.forget').dispatchEvent('tap')
  await settle(1)
  expect(root.data.vehicles).toHaveLength(0)
  comp.querySelector('.consent').dispatchEvent('change', { detail: { value: true } })
  await settle()
  expect(calls.find((c) => c.key === 'PUT /mp/me/consent').data).toEqual({ marketing: true })
  expect(root.data.consent).toBe(true)
  expect(storage.marketingConsent()).toBe(true)
})

test('consent refused by the server: the switch goes back', async () => {
  const { comp, root } = open({ 'GET /mp/me/consent': [200, { marketing: false }],
    'PUT /mp/me/consent': [500, { error: { code: 'internal', message: '服务繁忙', field: null } }] })
  comp.querySelector('.consent').dispatchEvent('change', { detail: { value: true } })
  await settle()
  expect(root.data.consent).toBe(false)
})

test('export: data copied; missing route says not open', async () => {
  const { comp, root } = open({ 'GET /mp/me/data': [200, { customer: { name: '张伟' } }] })
  comp.querySelector('.export').dispatchEvent('tap')
  await settle()
  expect(wx.setClipboardData.mock.calls[0][0].data).toContain('张伟')
  fakeBackend({})
  await root.onExport()
  expect(wx.showModal.mock.calls[0][0].content).toBe('该功能暂未开放，敬请期待')
})

test('erase after confirming clears the device; a missing route says not open', async () => {
  storage.rememberVehicle({ plate: '沪AD12345', model: 'CX-5', mileage: 1 })
  const { comp, root, calls } = open({ 'DELETE /mp/me': [200, { erased: true }] })
  comp.querySelector('.erase').dispatchEvent('tap')
  await settle()
  expect(calls.some((c) => c.key === 'DELETE /mp/me')).toBe(true)
  expect(wx.getStorageSync('mp_token')).toBe('')
  expect(root.data.vehicles).toHaveLength(0)
  fakeBackend({})
  wx.setStorageSync('mp_token', 't')
  root.onErase()
  await settle()
  expect(wx.showModal.mock.calls[wx.showModal.mock.calls.length - 1][0].content).toBe('该功能暂未开放，敬请期待')
})

test('refusing the erase confirmation sends nothing', async () => {
  wx.showModal = jest.fn(({ success }) => success({ confirm: false, cancel: true }))
  const { root, calls } = open()
  root.onErase()
  await settle()
  expect(calls.filter((c) => c.key !== 'GET /mp/me/consent')).toHaveLength(0)
})

test('my coupons are a tap away', async () => {
  const { comp } = open()
  comp.querySelector('.my-coupons').dispatchEvent('tap')
  await settle(1)
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/coupons/index' })
})
