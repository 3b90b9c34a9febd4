const { installWx, fakeBackend, mount, settle, text, error } = require('./helpers')

const STORES = [
  { store_id: 'far', name: '徐汇店', address: '漕溪北路1号', phone: '021-2', timezone: 'Asia/Shanghai', slot_minutes: 30,
    hours: { mon: ['08:30', '17:30'] }, city: '上海', district: '徐汇区', location: { lat: 31.19, lng: 121.43 } },
  { store_id: 'near', name: '浦东店', address: '世纪大道1号', phone: '021-1', timezone: 'Asia/Shanghai', slot_minutes: 30,
    hours: { mon: ['08:30', '17:30'] }, city: '上海', district: '浦东新区', location: { lat: 31.235, lng: 121.505 } },
]
const OLD_STORES = STORES.map(({ city, district, location, ...rest }) => rest)

beforeEach(() => {
  installWx()
  wx.setStorageSync('mp_token', 't')
})

test('near me: location granted, sorted by distance, distance shown, location sent', async () => {
  wx.getLocation = jest.fn(({ success }) => success({ latitude: 31.234, longitude: 121.5 }))
  const calls = fakeBackend({ 'GET /mp/stores': [200, { stores: STORES }] })
  const { comp, root } = mount('pages/stores/index')
  root.onLoad()
  await settle()
  expect(calls[0].query).toEqual({ lat: '31.234', lng: '121.5' })
  expect(root.data.stores.map((s) => s.storeId)).toEqual(['near', 'far'])
  expect(text(comp)).toMatch(/\d+米|\d+\.\d公里/)
  expect(text(comp)).toContain('营业时间 08:30-17:30')
})

test('location refused: says so, lists stores without distance, offers the cities', async () => {
  const calls = fakeBackend({ 'GET /mp/stores': [200, { stores: STORES }] })
  const { comp, root } = mount('pages/stores/index')
  root.onLoad()
  await settle()
  expect(calls[0].query).toEqual({})
  expect(text(comp)).toContain('未获得位置权限')
  expect(root.data.cities).toEqual(['上海'])
  expect(root.data.stores.every((s) => s.distance === '')).toBe(true)
  comp.querySelectorAll('.chip')[1].dispatchEvent('tap')
  await settle()
  expect(calls[calls.length - 1].query).toEqual({ city: '上海' })
})

test('a backend without city or location fields still lists the stores', async () => {
  wx.getLocation = jest.fn(({ success }) => success({ latitude: 31.2, longitude: 121.5 }))
  fakeBackend({ 'GET /mp/stores': [200, { stores: OLD_STORES }] })
  const { comp, root } = mount('pages/stores/index')
  root.onLoad()
  await settle()
  expect(root.data.state).toBe('')
  expect(text(comp)).toContain('浦东店')
  expect(text(comp)).toContain('复制地址')
})

test('call, open in map, book', async () => {
  fakeBackend({ 'GET /mp/stores': [200, { stores: STORES }] })
  const { comp, root } = mount('pages/stores/index')
  root.onLoad()
  await settle()
  comp.querySelectorAll('.call')[0].dispatchEvent('tap')
  comp.querySelectorAll('.map')[0].dispatchEvent('tap')
  comp.querySelectorAll('.book')[0].dispatchEvent('tap')
  await settle(1)
  expect(wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '021-2' })
  expect(wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ latitude: 31.19, longitude: 121.43, name: '徐汇店' }))
  expect(wx.navigateTo.mock.calls[0][0].url).toContain('/pages/booking/new?store_id=far')
  comp.querySelector('.first-available').dispatchEvent('tap')
  await settle(1)
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/booking/new?first=1' })
})

test('empty and error states', async () => {
  fakeBackend({ 'GET /mp/stores': [200, { stores: [] }] })
  const { comp, root } = mount('pages/stores/index')
  root.onLoad()
  await settle()
  expect(text(comp)).toContain('暂无可预约的门店')
  fakeBackend({ 'GET /mp/stores': error('upstream_unavailable', 'down', 503) })
  await root.load()
  await settle()
  expect(text(comp)).toContain('微信服务暂时不可用')
})
