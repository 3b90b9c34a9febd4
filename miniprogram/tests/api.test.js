const { installWx, fakeBackend, error } = require('./helpers')
const config = require('../src/config')
const { api, request, envVersion, baseUrl, ApiError, TOKEN_KEY, newIdempotencyKey } = require('../src/utils/api')

beforeEach(() => installWx())

test('base URL per environment from getAccountInfoSync', () => {
  for (const v of ['develop', 'trial', 'release']) {
    wx.getAccountInfoSync = jest.fn(() => ({ miniProgram: { envVersion: v } }))
    expect(envVersion()).toBe(v)
    expect(baseUrl()).toBe(config.env[v].baseUrl)
  }
  wx.getAccountInfoSync = jest.fn(() => {
    throw new Error('not available')
  })
  expect(envVersion()).toBe('develop')
})

test('logs in with wx.login when there is no token, sends the bearer token', async () => {
  const calls = fakeBackend({ 'GET /mp/bookings': [200, { bookings: [] }] })
  await api.bookings()
  expect(calls.map((c) => c.key)).toEqual(['POST /mp/login', 'GET /mp/bookings'])
  expect(calls[0].data).toEqual({ chain_id: config.chainId, code: 'alice' })
  expect(calls[1].header.Authorization).toBe('Bearer tok-1')
  expect(wx.getStorageSync(TOKEN_KEY)).toBe('tok-1')
})

test('renews the token once on 401 and repeats the request', async () => {
  wx.setStorageSync(TOKEN_KEY, 'old')
  let n = 0
  const calls = fakeBackend({
    'GET /mp/bookings': (opts) => (opts.header.Authorization === 'Bearer old' ? error('token_expired', 'expired', 401) : [200, { bookings: [] }]),
    'POST /mp/login': () => [200, { token: `new-${++n}`, customer_id: 'c' }],
  })
  await api.bookings()
  expect(calls.map((c) => c.key)).toEqual(['GET /mp/bookings', 'POST /mp/login', 'GET /mp/bookings'])
  expect(wx.getStorageSync(TOKEN_KEY)).toBe('new-1')
})

test('network failures are retried with the same Idempotency-Key', async () => {
  wx.setStorageSync(TOKEN_KEY, 't')
  let attempts = 0
  const calls = fakeBackend({
    'POST /mp/bookings': () => (++attempts < 3 ? 'network' : [201, { booking_id: 'b1' }]),
  })
  const res = await api.book(/** @type {any} */ ({ store_id: 's' }), 'key-123')
  expect(res.booking_id).toBe('b1')
  const keys = calls.filter((c) => c.key === 'POST /mp/bookings').map((c) => c.header['Idempotency-Key'])
  expect(keys).toEqual(['key-123', 'key-123', 'key-123'])
})

test('a POST without a key is not retried; the customer reads a Chinese network message', async () => {
  wx.setStorageSync(TOKEN_KEY, 't')
  const calls = fakeBackend({ 'POST /mp/bookings/b1/cancel': 'network' })
  await expect(api.cancel('b1')).rejects.toMatchObject({ code: 'network', status: 0, message: '网络不太好，请检查网络后重试' })
  expect(calls.filter((c) => c.key === 'POST /mp/bookings/b1/cancel')).toHaveLength(1)
})

test('the error shape becomes ApiError with a Chinese message; Chinese server messages pass through', async () => {
  wx.setStorageSync(TOKEN_KEY, 't')
  fakeBackend({
    'POST /mp/bookings/b1/cancel': error('past_cutoff', 'it is too late to cancel online', 409, 'start'),
    'POST /mp/bookings/b2/cancel': error('illegal_transition', '预约已完成，不能取消', 409),
    'POST /mp/bookings/b3/cancel': error('invalid', 'phone must be 11 digits', 400, 'customer.phone'),
  })
  const e1 = await api.cancel('b1').catch((e) => e)
  expect(e1).toBeInstanceOf(ApiError)
  expect(e1).toMatchObject({ status: 409, code: 'past_cutoff', field: 'start' })
  expect(e1.message).toMatch(/无法在线操作/)
  await expect(api.cancel('b2')).rejects.toMatchObject({ message: '预约已完成，不能取消' })
  await expect(api.cancel('b3')).rejects.toMatchObject({ message: '手机号填写有误，请检查' })
})

test('routeMissing tells a missing route from a missing booking; 5xx retried for GET', async () => {
  wx.setStorageSync(TOKEN_KEY, 't')
  let n = 0
  fakeBackend({
    'GET /mp/bookings/x': error('booking_not_found', 'no such booking', 404),
    'GET /mp/bookings': () => (++n < 2 ? [503, {}] : [200, { bookings: [] }]),
  })
  const missing = await api.bindPhone('code').catch((e) => e)
  expect(missing.routeMissing).toBe(true)
  const notFound = await api.booking('x').catch((e) => e)
  expect(notFound.routeMissing).toBe(false)
  expect(notFound.message).toBe('未找到该预约')
  await expect(api.bookings()).resolves.toEqual({ bookings: [] })
})

test('query strings skip empty values; keys look like UUIDs and differ', async () => {
  wx.setStorageSync(TOKEN_KEY, 't')
  const calls = fakeBackend({ 'GET /mp/stores': [200, { stores: [] }] })
  await request({ path: '/mp/stores', query: { lat: 31.2, lng: undefined, city: '' } })
  expect(calls[0].query).toEqual({ lat: '31.2' })
  const a = newIdempotencyKey()
  expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(newIdempotencyKey()).not.toBe(a)
})

test("API Gateway's own bare 429 (HTTP API: no error shape) reads as a clear 'too many requests'", async () => {
  wx.setStorageSync(TOKEN_KEY, 't')
  fakeBackend({ 'POST /mp/bookings/b1/cancel': [429, { message: 'Too Many Requests' }] })
  const e = await api.cancel('b1').catch((err) => err)
  expect(e).toBeInstanceOf(ApiError)
  expect(e).toMatchObject({ status: 429, code: 'too_many_requests', message: '请求太频繁，请稍后再试' })
})

test('coupons: read, and one claimed by its id', async () => {
  wx.setStorageSync(TOKEN_KEY, 't')
  const calls = fakeBackend({ 'GET /mp/coupons': [200, { coupons: [] }],
    'POST /mp/coupons/winter%20check/claim': [200, { coupon_id: 'winter check', claimed: true }] })
  await expect(api.coupons()).resolves.toEqual({ coupons: [] })
  await expect(api.claimCoupon('winter check')).resolves.toMatchObject({ claimed: true })
  expect(calls.map((c) => c.key)).toEqual(['GET /mp/coupons', 'POST /mp/coupons/winter%20check/claim'])
})
