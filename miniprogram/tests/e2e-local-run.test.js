/**
 * @jest-environment node
 *
 * The API module against the real local run: wx.request is a shim making real HTTP calls. Starts
 * `python -m devstack.run` on a free port (or uses MP_API_BASE when a run is already up), then logs in, lists
 * stores and slots, books (a lost response retried with the same Idempotency-Key books once), sees the booking,
 * cancels it; a parts booking's deposit is ordered, paid at the run's WeChat Pay stand-in and seen paid; a job's
 * final bill's balance likewise (the demo chain takes it in the mini-program).
 *
 * Every wait here is for a state (the run answering /health on its port, its process group gone, the port
 * free), under a generous deadline: on a busy 2-core machine the run starts slowly and answers slowly, and a
 * probe that times out is one more poll. The run is stopped in every outcome, a failed start included.
 */
const http = require('http')
const net = require('net')
const path = require('path')
const fs = require('fs')
const os = require('os')
const { spawn } = require('child_process')
const { installWx } = require('./helpers')

const REPO = path.join(__dirname, '..', '..')
const PYTHON = process.env.MP_PYTHON || path.join(REPO, '.venv', 'bin', 'python')

const STARTUP_MS = 300000  // the run to answer /health (a few seconds on an idle machine)
const STOP_MS = 30000  // its group between SIGTERM and SIGKILL; then its port to be free
const PROBE_MS = 5000  // one /health probe; a slower answer is one more poll
jest.setTimeout(120000)  // each test: a dozen requests to the run, each slow on a busy machine

/** @type {import('child_process').ChildProcess | null} */
let server = null
let base = process.env.MP_API_BASE || ''
let port = 0
let log = ''

const pause = (ms) => new Promise((r) => setTimeout(r, ms))
const exited = (child) => child.exitCode !== null || child.signalCode !== null

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address())
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume()
      resolve(res.statusCode)
    })
    req.on('error', () => resolve(0))
    req.setTimeout(PROBE_MS, () => req.destroy())
  })
}

/** Whether something listens on 127.0.0.1:port. */
function listening(p) {
  return new Promise((resolve) => {
    const socket = net.connect(p, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** wx.request over real HTTP. `drop(opts, attempt)` may say 'before' (connection fails) or 'after' (answer lost). */
function httpShim(drop = () => '') {
  const seen = new Map()
  return jest.fn((opts) => {
    const key = `${opts.method} ${opts.url}`
    const attempt = (seen.get(key) || 0) + 1
    seen.set(key, attempt)
    const mode = drop(opts, attempt)
    if (mode === 'before') {
      setImmediate(() => opts.fail({ errMsg: 'request:fail connect ECONNREFUSED' }))
      return
    }
    const body = opts.data === undefined ? undefined : Buffer.from(JSON.stringify(opts.data))
    const req = http.request(opts.url, { method: opts.method, agent: false, headers: { ...opts.header, ...(body ? { 'Content-Length': body.length } : {}) } }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        if (mode === 'after') return opts.fail({ errMsg: 'request:fail timeout' })
        const raw = Buffer.concat(chunks).toString('utf8')
        let data = raw
        try {
          data = JSON.parse(raw)
        } catch (e) {
          /* not JSON */
        }
        opts.success({ statusCode: res.statusCode, data, header: res.headers })
      })
    })
    req.on('error', (e) => opts.fail({ errMsg: `request:fail ${e.message}` }))
    if (body) req.write(body)
    req.end()
  })
}

beforeAll(async () => {
  if (!base) {
    if (!fs.existsSync(PYTHON)) throw new Error(`no Python at ${PYTHON}: run make run once (it creates .venv) or set MP_PYTHON`)
    port = await freePort()
    base = `http://127.0.0.1:${port}`
    // its own process group: the run starts the API server as a child, and the whole group is stopped after
    // its settings file (devstack/run_file.py) in the temporary folder, never over the one of a `make run` beside it
    const settings = path.join(os.tmpdir(), `mp-local-run-${process.pid}-${port}.env`)
    server = spawn(PYTHON, ['-m', 'devstack.run'], { cwd: REPO, env: { ...process.env, PORT: String(port), PYTHONUNBUFFERED: '1',
      LOCAL_RUN_FILE: settings },
      stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    server.stdout.on('data', (d) => (log += d))
    server.stderr.on('data', (d) => (log += d))
  }
  // chalice local says so once it listens on our port: another server on that port cannot pass for the run
  const listens = server ? `Serving on ${base}` : ''
  const deadline = Date.now() + STARTUP_MS
  while (!log.includes(listens) || (await get(`${base}/health`)) !== 200) {
    if (server && exited(server)) throw new Error(`the local run exited:\n${log}`)
    if (Date.now() > deadline) throw new Error(`no /health from ${base} in ${STARTUP_MS / 1000} s:\n${log}`)
    await pause(200)
  }
}, STARTUP_MS + STOP_MS)

afterAll(async () => {
  if (!server) return
  const child = server
  const gone = exited(child) ? Promise.resolve() : new Promise((r) => child.once('exit', r))
  const signalGroup = (sig) => {
    try {
      process.kill(-child.pid, sig)
    } catch (e) {
      // the group is gone already
    }
  }
  // the group even when the run itself has ended: its API server child may still be up
  signalGroup('SIGTERM')
  let timer
  await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, STOP_MS)))])
  clearTimeout(timer)
  signalGroup('SIGKILL')  // whatever of the group is left (the API server child included)
  await gone
  child.stdout.destroy()
  child.stderr.destroy()
  const deadline = Date.now() + STOP_MS
  while (await listening(port)) {
    if (Date.now() > deadline) throw new Error(`port ${port} still answers ${STOP_MS / 1000} s after the run was stopped`)
    await pause(200)
  }
}, 3 * STOP_MS)

function setup(drop) {
  jest.resetModules()
  installWx({ login: jest.fn(({ success }) => success({ code: `e2e-${Date.now()}-${Math.random()}` })) })
  wx.request = httpShim(drop)
  const config = require('../src/config')
  config.env.develop.baseUrl = base
  config.retryDelayMs = 50
  return require('../src/utils/api')
}

/** A slot at least 4 hours ahead (past the lead time and the cancel cut-off), from the first-available search:
 * the search's most, so that a morning run, whose first ten slots all fall within those 4 hours, finds one. */
async function bookableSlot(api) {
  const { slots } = await api.firstAvailable({ service_type: 'maintenance', days: 7, limit: 50 })
  const later = slots.filter((s) => new Date(s.start).getTime() > Date.now() + 4 * 3600 * 1000 && s.available > 0)
  expect(later.length).toBeGreaterThan(0)
  return later[0]
}

test('log in, stores, slots, book, see the booking, cancel', async () => {
  const { api, TOKEN_KEY, newIdempotencyKey } = setup()
  const { stores } = await api.stores()
  expect(stores.map((s) => s.store_id)).toEqual(expect.arrayContaining(['demo-pudong', 'demo-xuhui']))
  expect(wx.getStorageSync(TOKEN_KEY)).toBeTruthy()

  const slot = await bookableSlot(api)
  const day = await api.slots(slot.store_id, slot.start.slice(0, 10), 'maintenance')
  expect(day.slots.some((s) => s.start === slot.start)).toBe(true)
  for (const s of day.slots) expect(['recommended', 'normal', 'busy']).toContain(s.tier)

  const key = newIdempotencyKey()
  const request = {
    store_id: slot.store_id, start: slot.start, service_type: 'maintenance',
    customer: { name: '张伟', phone: '13800138000' }, vehicle: { plate: '沪AD12345', model: 'Mazda CX-5', mileage: 35000 },
    description: '小程序端到端测试',
  }
  const booking = await api.book(request, key)
  expect(booking.status).toBe('pending')
  expect(booking.start).toBe(slot.start)
  const replay = await api.book(request, key)
  expect(replay.booking_id).toBe(booking.booking_id)

  const { bookings } = await api.bookings()
  expect(bookings.map((b) => b.booking_id)).toContain(booking.booking_id)
  const seen = await api.booking(booking.booking_id)
  expect(seen.vehicle.plate).toBe('沪AD12345')

  const cancelled = await api.cancel(booking.booking_id, '临时有事')
  expect(cancelled.status).toBe('cancelled')
  const again = await api.cancel(booking.booking_id).catch((e) => e)
  expect(again.status).toBe(409)
  expect(again.message).toMatch(/[\u4e00-\u9fff]/)
})

test('a lost answer is retried with the same Idempotency-Key and books once', async () => {
  const { api, newIdempotencyKey } = setup((opts, attempt) =>
    opts.method === 'POST' && opts.url.endsWith('/mp/bookings') ? (attempt === 1 ? 'after' : attempt === 2 ? 'before' : '') : '',
  )
  const slot = await bookableSlot(api)
  const booking = await api.book({
    store_id: slot.store_id, start: slot.start, service_type: 'maintenance',
    customer: { name: '李娜', phone: '13900139000' }, vehicle: { plate: '沪B54321', model: 'Mazda 3', mileage: 12000 },
  }, newIdempotencyKey())
  const posts = wx.request.mock.calls.filter(([o]) => o.method === 'POST' && o.url.endsWith('/mp/bookings'))
  expect(posts).toHaveLength(3)
  expect(new Set(posts.map(([o]) => o.header['Idempotency-Key'])).size).toBe(1)
  const { bookings } = await api.bookings()
  expect(bookings.filter((b) => b.vehicle.plate === '沪B54321' && b.status !== 'cancelled').map((b) => b.booking_id)).toEqual([booking.booking_id])
  await api.cancel(booking.booking_id)
})

test('an expired token is renewed; an unknown booking and a route the backend lacks are told apart', async () => {
  const { api, TOKEN_KEY } = setup()
  wx.setStorageSync(TOKEN_KEY, 'not-a-token')
  await expect(api.bookings()).resolves.toHaveProperty('bookings')
  expect(wx.login).toHaveBeenCalledTimes(1)
  const missing = await api.booking('no-such-booking').catch((e) => e)
  expect(missing.code).toBe('booking_not_found')
  expect(missing.message).toBe('找不到该预约')  // the backend's own Chinese wording wins over the app's fallback
  expect(missing.routeMissing).toBe(false)
  const phone = await api.bindPhone('not-a-real-code').catch((e) => e)
  // Until the backend has /mp/phone the app must see "route missing"; once it has, the fake code is refused.
  expect(phone.routeMissing || (phone.status >= 400 && phone.status < 500)).toBe(true)
})

test('every route the app calls is in the running backend\'s /openapi.json', async () => {
  const { request } = setup()
  const doc = await request({ path: '/openapi.json', auth: false })
  const paths = Object.keys(doc.paths || {}).map((p) => p.replace(/\{[^}]+\}/g, '{}'))
  const used = ['/mp/login', '/mp/stores', '/mp/stores/{}/slots', '/mp/first-available', '/mp/bookings', '/mp/bookings/{}',
    '/mp/bookings/{}/cancel', '/mp/bookings/{}/reschedule', '/mp/bookings/{}/acknowledge', '/mp/bookings/{}/feedback',
    '/mp/subscriptions', '/mp/phone', '/mp/me', '/mp/me/data', '/mp/me/consent', '/mp/coupons', '/mp/coupons/{}/claim',
    '/mp/bookings/{}/extra-work', '/mp/bookings/{}/extra-work/{}',  // docs/product-rules.md#extra-work
    '/mp/bookings/{}/deposit',  // docs/product-rules.md#deposit-payment
    '/mp/bookings/{}/bill', '/mp/bookings/{}/balance']  // docs/product-rules.md#balance-payment
  expect(used.filter((p) => !paths.includes(p))).toEqual([])
})

/** A staff call to the run (the chain admin's, to put a coupon on offer): JSON in, JSON out. */
function staffCall(method, path, token, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
    const headers = { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(data ? { 'Content-Length': data.length } : {}) }
    const req = http.request(`${base}${path}`, { method, agent: false, headers }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }))
    })
    req.on('error', reject)
    if (data) req.write(data)
    req.end()
  })
}

test('a coupon on offer: listed, claimed, its price shown before booking is what the booking takes off', async () => {
  const { api, newIdempotencyKey } = setup()
  const login = await staffCall('POST', '/staff/login', '', { chain_id: 'demo', username: 'admin', password: 'admin-pass' })
  expect(login.status).toBe(200)
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)  // the demo stores' day
  const last = new Date(Date.now() + (8 + 24 * 30) * 3600 * 1000).toISOString().slice(0, 10)
  const id = `mp-e2e-${Date.now().toString(36)}`
  const defined = await staffCall('POST', '/admin/campaigns', login.body.token, {
    campaign_id: id, name: '小程序测试券', service_type: 'maintenance', store_ids: ['demo-pudong'], starts: today, ends: last,
    wording: 'seasonal', audience: 'due_this_month', coupon: { percent: 10, valid_from: today, valid_to: last } })
  expect(defined.status).toBe(201)
  const sendAt = new Date(Date.now() + 24 * 3600 * 1000).toISOString().replace('Z', '+00:00')
  expect((await staffCall('POST', `/admin/campaigns/${id}/schedule`, login.body.token, { send_at: sendAt })).status).toBe(200)

  const listed = (await api.coupons()).coupons.find((c) => c.coupon_id === id)
  expect(listed).toMatchObject({ claimed: false, usable: false, expired: false, for_you: false, percent: 10 })
  const claimed = await api.claimCoupon(id)
  expect(claimed).toMatchObject({ coupon_id: id, claimed: true, usable: true })

  const { choices, fen } = require('../src/utils/coupons')
  const slot = await bookableSlot(api)
  const day = await api.slots(slot.store_id, slot.start.slice(0, 10), 'maintenance')
  const shown = day.slots.find((s) => s.start === slot.start)
  const [offer] = choices((await api.coupons()).coupons.filter((c) => c.coupon_id === id), 'maintenance', shown)
  expect(offer.id).toBe(id)
  const booking = await api.book({
    store_id: slot.store_id, start: slot.start, service_type: 'maintenance', coupon_id: id,
    customer: { name: '王芳', phone: '13700137000' }, vehicle: { plate: '沪C24680', model: 'Mazda 3', mileage: 8000 },
  }, newIdempotencyKey())
  expect(booking.coupon).toEqual({ coupon_id: id, off: offer.off.slice(1) })  // "¥30.60" shown, "30.60" taken off
  expect(`¥${booking.price_estimate}`).toBe(offer.price)
  expect(fen(booking.price_estimate)).toBe(fen(shown.price_estimate) - fen(offer.off.slice(1)))
  await api.cancel(booking.booking_id)
})

/** The run's WeChat Pay stand-in (its line in the run's output; MP_WECHATPAY_URL beside MP_API_BASE). */
function wechatPayStandIn() {
  const found = /WeChat Pay stand-in:\s+(http:\/\/\S+)\s+\(merchant (\d+);/.exec(log)
  if (found) return { url: found[1], mchid: found[2] }
  if (!process.env.MP_WECHATPAY_URL) throw new Error('a run already up: set MP_WECHATPAY_URL to its WeChat Pay stand-in')
  return { url: process.env.MP_WECHATPAY_URL, mchid: process.env.MP_WECHATPAY_MCHID || '1900000109' }
}

/** POST to the stand-in's own controls (as WeChat would: the customer pays in its cashier). */
function standInCall(url, body) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body))
    const req = http.request(url, { method: 'POST', agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': data.length } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode))
    })
    req.on('error', reject)
    req.write(data)
    req.end()
  })
}

test('a parts booking with a deposit: the customer links it, orders the deposit, pays at the stand-in, sees it paid', async () => {
  const { api, request } = setup()
  const advisor = await staffCall('POST', '/staff/login', '', { chain_id: 'demo', username: 'wang', password: 'wang-pass' })
  expect(advisor.status).toBe(200)
  const phone = `136${String(Date.now()).slice(-8)}`
  const plate = `沪D${String(Date.now()).slice(-5)}`
  const booked = await staffCall('POST', '/staff/stores/demo-pudong/bookings', advisor.body.token, {
    start: null, waiting_for_parts: true, service_type: 'repair', source: 'phone', description: '变速箱异响',
    parts: { expected: new Date(Date.now() + (8 + 24 * 7) * 3600 * 1000).toISOString().slice(0, 10), estimate_fen: 240000, deposit_fen: 120000 },
    customer: { name: '周杰', phone, honorific: '先生' }, vehicle: { plate, model: 'Mazda 6', mileage: 52000 } })
  expect(booked.status).toBe(201)
  const id = booked.body.booking_id
  const linked = await request({ method: 'POST', path: '/mp/phone', data: { code: `phone-${phone}`, plate } })
  expect(linked.outcome).toBe('merged')

  const seen = await api.booking(id)
  expect(seen.parts).toMatchObject({ deposit_fen: 120000 })
  const deposit = require('../src/utils/deposit')
  expect(deposit.view(seen)).toMatchObject({ amount: '¥1200.00', payable: true, stateName: '待支付' })
  const order = await api.payDeposit(id)
  expect(order.deposit).toMatchObject({ state: 'ordered', amount_fen: 120000 })
  expect(Object.keys(order.payment).sort()).toEqual(['appId', 'nonceStr', 'package', 'paySign', 'signType', 'timeStamp'])
  const pay = wechatPayStandIn()
  expect(await standInCall(`${pay.url}/__pay`, { mchid: pay.mchid, out_trade_no: id.replace(/^b_/, '').slice(0, 32) })).toBe(200)
  expect((await api.deposit(id)).deposit).toMatchObject({ state: 'paid', paid_fen: 120000 })
  const after = await api.booking(id)
  expect(deposit.view(after)).toMatchObject({ state: 'paid', stateName: '已支付', payable: false })
})

/** A fixed-offset zone where it is about noon now, so a store open all day has slots left today. */
function middayZone() {
  const offset = ((12 - new Date().getUTCHours() + 12) % 24 + 24) % 24 - 12
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`
}

test('a job done: its final bill\'s balance is ordered, paid at the stand-in and shown paid under the bill', async () => {
  const { api, newIdempotencyKey } = setup()
  const admin = await staffCall('POST', '/staff/login', '', { chain_id: 'demo', username: 'admin', password: 'admin-pass' })
  expect(admin.status).toBe(200)
  const token = admin.body.token
  const zone = middayZone()
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
  const store = await staffCall('PUT', '/admin/stores/demo-mp-balance', token, {
    name: '尾款测试店', phone: '021-64001234', timezone: zone, closes_on_public_holidays: false, lead_time_minutes: 30,
    hours: Object.fromEntries(days.map((d) => [d, ['00:00', '23:30']])) })
  expect(store.status).toBe(200)
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date())
  const free = (await api.slots('demo-mp-balance', today, 'repair')).slots.filter((s) => s.available > 0)
  expect(free.length).toBeGreaterThan(0)
  const plate = `沪E${String(Date.now()).slice(-5)}`
  const booked = await api.book({ store_id: 'demo-mp-balance', start: free[0].start, service_type: 'repair',
    customer: { name: '赵敏', phone: '13500135000' }, vehicle: { plate, model: 'Mazda 6', mileage: 40000 } }, newIdempotencyKey())
  const id = booked.booking_id
  for (const action of ['check-in', 'start', 'complete']) {
    const done = await staffCall('POST', `/staff/bookings/${id}/${action}`, token, {})
    expect([action, done.status]).toEqual([action, 200])
  }
  const final = await staffCall('PUT', `/staff/bookings/${id}/bill`, token, { labour: '400.00', parts: '285.50' })
  expect(final.status).toBe(200)

  const balance = require('../src/utils/balance')
  const bill = await api.bill(id)
  expect(bill).toMatchObject({ stage: 'final', balance_mode: 'mini_program' })
  expect(balance.view(bill)).toMatchObject({ payable: `¥${bill.balance}`, cashier: false })
  const order = await api.payBalance(id)
  expect(order.balance_payment).toMatchObject({ state: 'ordered', amount_fen: bill.balance_fen })
  expect(Object.keys(order.payment).sort()).toEqual(['appId', 'nonceStr', 'package', 'paySign', 'signType', 'timeStamp'])
  const pay = wechatPayStandIn()
  const orderNo = `B1-${Buffer.from(id.replace(/^b_/, ''), 'hex').toString('base64url')}`  // domain/booking/balance.py
  expect(await standInCall(`${pay.url}/__pay`, { mchid: pay.mchid, out_trade_no: orderNo })).toBe(200)
  expect((await api.balancePayment(id)).balance_payment).toMatchObject({ state: 'paid', paid_fen: bill.balance_fen })
  const paid = await api.bill(id)
  expect(paid.balance_fen).toBe(0)
  expect(balance.view(paid)).toMatchObject({ payable: '', paid: `¥${bill.balance}` })
})
