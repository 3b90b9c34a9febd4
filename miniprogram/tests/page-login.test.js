const { installWx, fakeBackend, mount, settle, text, error } = require('./helpers')
const { TOKEN_KEY } = require('../src/utils/api')

beforeEach(() => installWx())

test('wx.login -> /mp/login, token stored, back to the stores tab', async () => {
  const calls = fakeBackend({})
  const { comp, root } = mount('pages/login/index')
  root.onLoad({})
  comp.querySelector('.login-button').dispatchEvent('tap')
  await settle()
  expect(calls[0].data).toEqual({ chain_id: 'demo', code: 'alice' })
  expect(wx.getStorageSync(TOKEN_KEY)).toBe('tok-1')
  expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/stores/index' })
})

test('goes back to the page that sent it', async () => {
  fakeBackend({})
  const { root } = mount('pages/login/index')
  root.onLoad({ redirect: encodeURIComponent('/pages/booking/detail?id=b1') })
  await root.onLogin()
  expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/booking/detail?id=b1' })
})

test('wx.login failing shows the error and a retry', async () => {
  wx.login = jest.fn(({ fail }) => fail({ errMsg: 'login:fail' }))
  const { comp, root } = mount('pages/login/index')
  root.onLoad({})
  await root.onLogin()
  await settle(1)
  expect(text(comp)).toContain('微信登录失败，请重试')
  expect(text(comp)).toContain('重新加载')
})

test('a refused code shows the backend reason in Chinese', async () => {
  fakeBackend({ 'POST /mp/login': error('invalid_code', 'WeChat rejected the code', 400) })
  const { comp, root } = mount('pages/login/index')
  root.onLoad({})
  await root.onLogin()
  await settle(1)
  expect(root.data.state).toBe('error')
  expect(text(comp)).toContain('微信登录失败')
})
