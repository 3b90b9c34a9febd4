const { mount, settle, text, installWx } = require('./helpers')

beforeEach(() => installWx())

describe('state-view', () => {
  test('shows loading, empty with action, error with retry', async () => {
    const { comp } = mount('components/state-view/index', { state: 'loading' })
    expect(text(comp)).toContain('正在加载')
    comp.setData({ state: 'empty', emptyText: '您还没有预约', actionText: '去预约' })
    expect(text(comp)).toContain('您还没有预约')
    const action = jest.fn()
    comp.addEventListener('action', action)
    comp.querySelector('.state-button').dispatchEvent('tap')
    await settle(1)
    expect(action).toHaveBeenCalled()
    comp.setData({ state: 'error', message: '网络不太好' })
    expect(text(comp)).toContain('网络不太好')
    const retry = jest.fn()
    comp.addEventListener('retry', retry)
    comp.querySelector('.state-button').dispatchEvent('tap')
    await settle(1)
    expect(retry).toHaveBeenCalled()
  })

  test('renders nothing when content is shown', () => {
    const { comp } = mount('components/state-view/index', { state: '' })
    expect(text(comp).trim()).toBe('')
  })
})

describe('plate-input', () => {
  test('province keyboard first, then letters and digits; valid plate reported', async () => {
    const { comp } = mount('components/plate-input/index', {})
    const changes = []
    comp.addEventListener('change', (e) => changes.push(e.detail))
    comp.querySelector('.plate').dispatchEvent('tap')
    await settle(1)
    expect(text(comp)).toContain('请选择省份简称')
    const tapKey = async (k) => {
      const keys = comp.querySelectorAll('.key')
      const key = keys.find((n) => n.dom.textContent.trim() === k)
      key.dispatchEvent('tap')
      await settle(1)
    }
    await tapKey('沪')
    expect(text(comp)).toContain('请输入字母或数字')
    for (const k of 'AD12345'.split('')) await tapKey(k)
    expect(changes[changes.length - 1]).toEqual({ value: '沪AD12345', valid: true })
    comp.querySelector('.key-delete').dispatchEvent('tap')
    await settle(1)
    expect(changes[changes.length - 1]).toEqual({ value: '沪AD1234', valid: true })
    comp.querySelector('.keyboard-done').dispatchEvent('tap')
    await settle(1)
    expect(comp.querySelector('.keyboard')).toBeFalsy()
  })

  test('an invalid plate says so', () => {
    const { comp } = mount('components/plate-input/index', { value: '沪1234567' })
    expect(text(comp)).toContain('车牌号格式不正确')
  })
})

describe('slot-list', () => {
  const slots = [
    { start: '2026-12-01T09:00:00+08:00', end: '', available: 3, tier: 'busy', discount: null },
    { start: '2026-12-01T14:00:00+08:00', end: '', available: 4, tier: 'recommended', discount: 0.15, price_estimate: '656.00' },
    { start: '2026-12-01T15:00:00+08:00', end: '', available: 0, tier: 'normal', discount: null },
  ]

  test('recommended stand out with discount and price, busy says so, full cannot be chosen', async () => {
    const { comp } = mount('components/slot-list/index', { slots })
    const nodes = comp.querySelectorAll('.slot')
    expect(nodes).toHaveLength(3)
    expect(nodes[1].dom.className).toContain('slot-recommended')
    expect(nodes[1].dom.textContent).toContain('推荐')
    expect(nodes[1].dom.textContent).toContain('工时8.5折')
    expect(nodes[1].dom.textContent).toContain('¥656.00')
    expect(nodes[0].dom.textContent).toContain('繁忙')
    expect(nodes[2].dom.textContent).toContain('已约满')
    const picked = []
    comp.addEventListener('select', (e) => picked.push(e.detail.start))
    nodes[2].dispatchEvent('tap')
    nodes[1].dispatchEvent('tap')
    await settle(1)
    expect(picked).toEqual(['2026-12-01T14:00:00+08:00'])
  })

  test('without price fields it still renders', () => {
    const { comp } = mount('components/slot-list/index', { slots: [{ start: '2026-12-01T10:00:00+08:00', end: '', available: 5, tier: 'normal', discount: null }] })
    expect(text(comp)).toContain('10:00')
    expect(text(comp)).not.toContain('¥')
  })
})

describe('privacy-popup', () => {
  test('shows on onNeedPrivacyAuthorization and resolves agree', async () => {
    const wx = installWx()
    const privacy = require('../src/utils/privacy')
    privacy.install()
    const listener = wx.onNeedPrivacyAuthorization.mock.calls[0][0]
    const { comp } = mount('components/privacy-popup/index', {})
    // The component registered through a fresh module registry: install again there.
    require('../src/utils/privacy').install()
    const fresh = wx.onNeedPrivacyAuthorization.mock.calls[1][0]
    const resolve = jest.fn()
    fresh(resolve)
    await settle(1)
    expect(text(comp)).toContain('《测试隐私指引》')
    comp.querySelector('.agree').dispatchEvent('agreeprivacyauthorization')
    await settle(1)
    expect(resolve).toHaveBeenCalledWith({ buttonId: 'agree-btn', event: 'agree' })
    expect(comp.querySelector('.mask')).toBeFalsy()
    expect(typeof listener).toBe('function')
  })

  test('disagree resolves disagree', async () => {
    const wx = installWx()
    const { comp } = mount('components/privacy-popup/index', {})
    require('../src/utils/privacy').install()
    const resolve = jest.fn()
    wx.onNeedPrivacyAuthorization.mock.calls[0][0](resolve)
    await settle(1)
    comp.querySelector('.disagree').dispatchEvent('tap')
    await settle(1)
    expect(resolve).toHaveBeenCalledWith({ event: 'disagree' })
  })
})
