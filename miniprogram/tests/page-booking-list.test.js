const { installWx, fakeBackend, mount, settle, text, error } = require('./helpers')
const { booking } = require('./fixtures')

beforeEach(() => {
  installWx()
  wx.setStorageSync('mp_token', 't')
})

test('lists my bookings with status, time, plate and price; tap opens the detail', async () => {
  fakeBackend({ 'GET /mp/bookings': [200, { bookings: [booking(), booking({ booking_id: 'b-2', status: 'cancelled', price_estimate: null, price: null })] }] })
  const { comp, root } = mount('pages/booking/list')
  await root.onLoad()
  await settle()
  const t = text(comp)
  expect(t).toContain('保养')
  expect(t).toContain('12月2日 周三 14:00')
  expect(t).toContain('待确认')
  expect(t).toContain('已取消')
  expect(t).toContain('¥656.00')
  comp.querySelectorAll('.booking')[1].dispatchEvent('tap')
  await settle(1)
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/booking/detail?id=b-2' })
})

test('empty: says so and offers to book', async () => {
  fakeBackend({ 'GET /mp/bookings': [200, { bookings: [] }] })
  const { comp, root } = mount('pages/booking/list')
  await root.onLoad()
  await settle()
  expect(text(comp)).toContain('您还没有预约')
  comp.querySelector('#state').querySelector('.state-button').dispatchEvent('tap')
  await settle(1)
  expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/stores/index' })
})

test('error with retry; pull-down refreshes', async () => {
  fakeBackend({ 'GET /mp/bookings': 'network' })
  const { comp, root } = mount('pages/booking/list')
  await root.onLoad()
  await settle()
  expect(text(comp)).toContain('网络不太好')
  fakeBackend({ 'GET /mp/bookings': [200, { bookings: [booking()] }] })
  root.onPullDownRefresh()
  await settle()
  expect(root.data.bookings).toHaveLength(1)
  expect(wx.stopPullDownRefresh).toHaveBeenCalled()
})

test('each booking says its store', async () => {
  fakeBackend({
    'GET /mp/bookings': [200, { bookings: [booking()] }],
    'GET /mp/stores': [200, { stores: [{ store_id: 'demo-pudong', name: '浦东旗舰店', address: '世纪大道1000号', phone: '021-1',
      timezone: 'Asia/Shanghai', slot_minutes: 30, hours: {} }] }],
  })
  const { comp, root } = mount('pages/booking/list')
  await root.onLoad()
  await settle()
  expect(text(comp)).toContain('浦东旗舰店')
})
