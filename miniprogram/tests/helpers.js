// Test helpers: a wx stub with in-memory storage, a scripted backend behind wx.request, and page/component loading
// with miniprogram-simulate.
const path = require('path')

const SRC = path.join(__dirname, '..', 'src')

/**
 * Installs global.wx: every API a page uses, as jest mocks, storage in memory. Overrides replace members.
 * @param {Record<string, any>} [overrides]
 */
function installWx(overrides = {}) {
  const store = new Map()
  const wx = {
    __storage: store,
    getAccountInfoSync: jest.fn(() => ({ miniProgram: { envVersion: 'develop', appId: 'wxtest', version: '' } })),
    getStorageSync: jest.fn((k) => (store.has(k) ? store.get(k) : '')),
    setStorageSync: jest.fn((k, v) => store.set(k, v)),
    removeStorageSync: jest.fn((k) => store.delete(k)),
    clearStorageSync: jest.fn(() => store.clear()),
    login: jest.fn(({ success }) => success({ code: 'alice', errMsg: 'login:ok' })),
    request: jest.fn(({ fail }) => fail({ errMsg: 'request:fail no backend scripted' })),
    showToast: jest.fn(),
    showModal: jest.fn(({ success }) => success && success({ confirm: true, cancel: false })),
    navigateTo: jest.fn(),
    redirectTo: jest.fn(),
    switchTab: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    makePhoneCall: jest.fn(),
    openLocation: jest.fn(),
    setClipboardData: jest.fn(),
    getLocation: jest.fn(({ fail }) => fail({ errMsg: 'getLocation:fail auth deny' })),
    requestSubscribeMessage: jest.fn(({ fail }) => fail({ errMsg: 'requestSubscribeMessage:fail' })),
    requirePrivacyAuthorize: jest.fn(({ success }) => success({})),
    onNeedPrivacyAuthorization: jest.fn(),
    getPrivacySetting: jest.fn(({ success }) => success({ needAuthorization: true, privacyContractName: '《测试隐私指引》' })),
    openPrivacyContract: jest.fn(),
    ...overrides,
  }
  global.wx = wx
  return wx
}

/**
 * Scripts wx.request: routes "METHOD /path" (query ignored) to [status, body] or a function of the request.
 * Unscripted routes answer 404 in the error shape. Returns the list of calls made.
 * @param {Record<string, any>} routes
 */
function fakeBackend(routes) {
  const calls = []
  const all = { 'POST /mp/login': [200, { token: 'tok-1', customer_id: 'c1' }], ...routes }
  global.wx.request = jest.fn((opts) => {
    const u = new URL(opts.url)
    const key = `${opts.method || 'GET'} ${u.pathname}`
    calls.push({ key, query: Object.fromEntries(u.searchParams), data: opts.data, header: opts.header })
    let answer = all[key]
    if (typeof answer === 'function') answer = answer(opts, calls)
    if (answer === 'network') {
      setTimeout(() => opts.fail({ errMsg: 'request:fail timeout' }), 0)
      return
    }
    const [statusCode, data] = answer || [404, { error: { code: 'not_found', message: 'no such route', field: null } }]
    setTimeout(() => opts.success({ statusCode, data, header: {} }), 0)
  })
  return calls
}

/** Loads a page or component (path under src, no extension) and attaches it. */
// simulate.load registers a definition once per path; later renders reuse it (a second load of the same path
// answers undefined).
const loaded = new Map()
function mount(relPath, props) {
  const simulate = require('miniprogram-simulate')
  let id = loaded.get(relPath)
  if (!id) {
    id = simulate.load(path.join(SRC, relPath), { rootPath: SRC, compiler: 'simulate' })
    loaded.set(relPath, id)
  }
  const comp = simulate.render(id, props)
  const parent = document.createElement('parent-wrapper')
  comp.attach(parent)
  return { comp, simulate, root: comp.instance }
}

const flush = () => new Promise((r) => setTimeout(r, 5))
async function settle(n = 6) {
  for (let i = 0; i < n; i++) await flush()
}

/** Text content of the rendered tree. */
function text(comp) {
  return comp.dom.textContent.replace(/\s+/g, ' ')
}

function error(code, message = 'refused', status = 400, field = null) {
  return [status, { error: { code, message, field } }]
}

module.exports = { SRC, installWx, fakeBackend, mount, settle, text, error }
