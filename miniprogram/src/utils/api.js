// The one module that talks to the backend: wx.request with the base URL of the running environment, the bearer
// token from storage (renewed with wx.login on 401), the error shape turned into ApiError with a Chinese
// message, and network failures retried with the same Idempotency-Key.
const config = require('../config')
const { customerMessage } = require('./errors')

const TOKEN_KEY = 'mp_token'

class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 for a network failure
   * @param {string} code the backend's error code (never changes), or network / server
   * @param {string} message what the customer reads
   * @param {string | null} [field]
   */
  constructor(status, code, message, field) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field || null
  }

  /** The backend has no such route yet (an older deployment): pages degrade instead of failing. */
  get routeMissing() {
    if (this.status === 405) return true
    if (this.status === 404) return !/_not_found$/.test(this.code)
    return this.status === 403 && this.code === 'forbidden_route'
  }
}

/** @returns {'develop' | 'trial' | 'release'} */
function envVersion() {
  try {
    const v = wx.getAccountInfoSync().miniProgram.envVersion
    return v === 'trial' || v === 'release' ? v : 'develop'
  } catch (e) {
    return 'develop'
  }
}

function baseUrl() {
  return config.env[envVersion()].baseUrl.replace(/\/$/, '')
}

/** A v4-style random key: one per booking attempt, reused by its retries. */
function newIdempotencyKey() {
  const hex = '0123456789abcdef'
  let out = ''
  for (let i = 0; i < 32; i++) out += hex[Math.floor(Math.random() * 16)]
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-4${out.slice(13, 16)}-a${out.slice(17, 20)}-${out.slice(20)}`
}

function getToken() {
  return /** @type {string} */ (wx.getStorageSync(TOKEN_KEY) || '')
}

function clearToken() {
  wx.removeStorageSync(TOKEN_KEY)
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * @param {Record<string, string | number | undefined | null>} [query]
 */
function queryString(query) {
  if (!query) return ''
  const parts = Object.keys(query)
    .filter((k) => query[k] !== undefined && query[k] !== null && query[k] !== '')
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(query[k]))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/**
 * wx.request as a promise: resolves with any HTTP answer, rejects only when no answer came.
 * @param {string} method
 * @param {string} url
 * @param {unknown} data
 * @param {Record<string, string>} header
 * @returns {Promise<{statusCode: number, data: any}>}
 */
function send(method, url, data, header) {
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method: /** @type {any} */ (method),
      data: /** @type {any} */ (data),
      header,
      timeout: 15000,
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data }),
      fail: (err) => reject(err),
    })
  })
}

/** @returns {Promise<string>} */
function wxLoginCode() {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => (res.code ? resolve(res.code) : reject(new ApiError(0, 'invalid_code', customerMessage('invalid_code')))),
      fail: () => reject(new ApiError(0, 'invalid_code', customerMessage('invalid_code'))),
    })
  })
}

/**
 * @param {number} status
 * @param {any} body
 */
function toError(status, body) {
  const err = body && typeof body === 'object' && body.error
  if (err && typeof err === 'object') {
    return new ApiError(status, String(err.code || 'error'), customerMessage(err.code, err.message, err.field), err.field)
  }
  if (status >= 500) return new ApiError(status, 'server', customerMessage('server'))
  if (status === 404) return new ApiError(404, 'not_found', '该功能暂未开放')
  if (status === 403) return new ApiError(403, 'forbidden_route', '该功能暂未开放')
  // API Gateway's throttle (HTTP API answers {"message": "Too Many Requests"}, not our error shape)
  if (status === 429) return new ApiError(429, 'too_many_requests', customerMessage('too_many_requests'))
  return new ApiError(status, 'error', customerMessage('error'))
}

/** @type {Promise<string> | null} */
let loginInFlight = null

/**
 * wx.login -> POST /mp/login; keeps the token. Concurrent callers share one login.
 * @returns {Promise<string>}
 */
function login() {
  if (!loginInFlight) {
    loginInFlight = (async () => {
      const code = await wxLoginCode()
      /** @type {import('../types').LoginResponse} */
      const res = await request({ method: 'POST', path: '/mp/login', data: { chain_id: config.chainId, code }, auth: false })
      wx.setStorageSync(TOKEN_KEY, res.token)
      return res.token
    })().finally(() => {
      loginInFlight = null
    })
  }
  return loginInFlight
}

/**
 * @param {import('../types').RequestOptions} opts
 * @returns {Promise<any>}
 */
async function request(opts) {
  const method = opts.method || 'GET'
  const auth = opts.auth !== false
  // Only requests that cannot act twice are retried: reads and those carrying an Idempotency-Key.
  const retryable = opts.retry !== undefined ? opts.retry : method === 'GET' || !!opts.idempotencyKey
  const url = baseUrl() + opts.path + queryString(opts.query)
  let token = auth ? getToken() || (await login()) : ''
  let renewed = false
  let attempt = 0
  for (;;) {
    /** @type {Record<string, string>} */
    const header = { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN' }
    if (auth) header.Authorization = `Bearer ${token}`
    if (opts.idempotencyKey) header['Idempotency-Key'] = opts.idempotencyKey
    let res
    try {
      res = await send(method, url, opts.data, header)
    } catch (e) {
      if (retryable && attempt < config.retries) {
        attempt += 1
        await sleep(config.retryDelayMs * attempt)
        continue
      }
      throw new ApiError(0, 'network', customerMessage('network'))
    }
    if (res.statusCode === 401 && auth && !renewed) {
      renewed = true
      clearToken()
      token = await login()
      continue
    }
    if ((res.statusCode === 502 || res.statusCode === 503 || res.statusCode === 504) && retryable && attempt < config.retries) {
      attempt += 1
      await sleep(config.retryDelayMs * attempt)
      continue
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return res.data
    throw toError(res.statusCode, res.data)
  }
}

/**
 * One /mp operation by its name in the OpenAPI document ("METHOD /path"): the body and the answer are typed
 * from the generated src/api.gen.d.ts, so a route, body or answer the backend changes fails the type check.
 * @template {keyof import('../types').MpOperations} K
 * @param {K} op
 * @param {{params?: Record<string, string>, data?: import('../types').MpOperations[K]['body'],
 *   query?: import('../types').RequestOptions['query'], idempotencyKey?: string}} [opts]
 * @returns {Promise<import('../types').MpOperations[K]['response']>}
 */
function call(op, opts = {}) {
  const [method, template] = op.split(' ')
  const params = opts.params || {}
  const path = template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name]))
  return request({ method: /** @type {import('../types').RequestOptions['method']} */ (method), path, data: opts.data,
    query: opts.query, idempotencyKey: opts.idempotencyKey })
}

const api = {
  stores: (/** @type {{lat?: number, lng?: number, city?: string}} */ where = {}) => call('GET /mp/stores', { query: where }),
  slots: (/** @type {string} */ storeId, /** @type {string} */ date, /** @type {string} */ serviceType) =>
    call('GET /mp/stores/{store_id}/slots', { params: { store_id: storeId }, query: { date, service_type: serviceType } }),
  firstAvailable: (/** @type {{service_type: string, days?: number, limit?: number, lat?: number, lng?: number, city?: string}} */ q) =>
    call('GET /mp/first-available', { query: q }),
  book: (/** @type {import('../types').BookingRequest} */ body, /** @type {string} */ key) =>
    call('POST /mp/bookings', { data: body, idempotencyKey: key }),
  bookings: () => call('GET /mp/bookings'),
  booking: (/** @type {string} */ id) => call('GET /mp/bookings/{booking_id}', { params: { booking_id: id } }),
  cancel: (/** @type {string} */ id, /** @type {string | undefined} */ reason) =>
    call('POST /mp/bookings/{booking_id}/cancel', { params: { booking_id: id }, data: reason ? { reason } : {} }),
  reschedule: (/** @type {string} */ id, /** @type {string} */ start) =>
    call('POST /mp/bookings/{booking_id}/reschedule', { params: { booking_id: id }, data: { start } }),
  acknowledge: (/** @type {string} */ id) => call('POST /mp/bookings/{booking_id}/acknowledge', { params: { booking_id: id } }),
  feedback: (/** @type {string} */ id, /** @type {number} */ score, /** @type {string} */ comment) =>
    call('POST /mp/bookings/{booking_id}/feedback', { params: { booking_id: id }, data: { score, comment } }),
  subscriptions: (/** @type {Record<string, number>} */ templates) => call('POST /mp/subscriptions', { data: { templates } }),
  bindPhone: (/** @type {string} */ code) => request({ method: 'POST', path: '/mp/phone', data: { code } }),
  consent: () => call('GET /mp/me/consent'),
  setConsent: (/** @type {boolean} */ marketing) => call('PUT /mp/me/consent', { data: { marketing } }),
  exportData: () => call('GET /mp/me/data'),
  coupons: () => call('GET /mp/coupons'),
  claimCoupon: (/** @type {string} */ id) => call('POST /mp/coupons/{coupon_id}/claim', { params: { coupon_id: id } }),
  erase: () => call('DELETE /mp/me'),
  bill: (/** @type {string} */ id) => call('GET /mp/bookings/{booking_id}/bill', { params: { booking_id: id } }),
  requestInvoice: (/** @type {string} */ id, /** @type {import('../api.gen').InvoiceRequest} */ body) =>
    call('PUT /mp/bookings/{booking_id}/invoice', { params: { booking_id: id }, data: body }),
  extraWork: (/** @type {string} */ id) => call('GET /mp/bookings/{booking_id}/extra-work', { params: { booking_id: id } }),
  answerExtra: (/** @type {string} */ id, /** @type {string} */ item, /** @type {'approve' | 'decline'} */ decision) =>
    call('POST /mp/bookings/{booking_id}/extra-work/{item_id}', { params: { booking_id: id, item_id: item }, data: { decision } }),
  payDeposit: (/** @type {string} */ id) => call('POST /mp/bookings/{booking_id}/deposit', { params: { booking_id: id } }),
  deposit: (/** @type {string} */ id) => call('GET /mp/bookings/{booking_id}/deposit', { params: { booking_id: id } }),
  payBalance: (/** @type {string} */ id) => call('POST /mp/bookings/{booking_id}/balance', { params: { booking_id: id } }),
  balancePayment: (/** @type {string} */ id) => call('GET /mp/bookings/{booking_id}/balance', { params: { booking_id: id } }),
}

module.exports = { api, request, login, ApiError, envVersion, baseUrl, newIdempotencyKey, getToken, clearToken, TOKEN_KEY }
