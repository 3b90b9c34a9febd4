const { installWx, fakeBackend, mount, settle, text, error } = require('./helpers')

/** A coupon as GET /mp/coupons answers it. @param {Record<string, any>} [over] */
function coupon(over = {}) {
  return {
    coupon_id: 'winter-check', name: '冬季检查', valid_from: '2026-12-01', valid_to: '2026-12-31', amount_fen: 5000,
    percent: null, per_customer: 1, claimed: false, used: 0, usable: false, expired: false, ...over,
  }
}

beforeEach(() => {
  installWx()
  wx.setStorageSync('mp_token', 't')
})

async function open(routes) {
  const calls = fakeBackend(routes)
  const page = mount('pages/coupons/index')
  await page.root.onLoad()
  await settle()
  return { ...page, calls }
}

test('claimable, usable, used up and expired coupons, each with its value, dates, services and stores', async () => {
  const { comp, root } = await open({ 'GET /mp/coupons': [200, { coupons: [
    coupon(),
    coupon({ coupon_id: 'tenth', name: '九折', amount_fen: null, percent: 10, per_customer: 2, claimed: true, used: 1, usable: true }),
    coupon({ coupon_id: 'spent', name: '秋季保养', claimed: true, used: 1, usable: false }),
    coupon({ coupon_id: 'old', name: '十一月', valid_from: '2026-11-01', valid_to: '2026-11-30', claimed: true, expired: true }),
  ] }] })
  expect(root.data.claimable.map((c) => c.id)).toEqual(['winter-check'])
  expect(root.data.claimed.map((c) => [c.id, c.stateLabel])).toEqual([['tenth', '可使用'], ['spent', '已用完'], ['old', '已过期']])
  const shown = text(comp)
  expect(shown).toContain('可领取')
  expect(shown).toContain('立减50.00元工时费')
  expect(shown).toContain('工时费9折')
  expect(shown).toContain('有效期：2026年12月1日至2026年12月31日（按预约到店日期）')
  expect(shown).toContain('适用服务：全部服务项目')
  expect(shown).toContain('适用门店：本品牌全部门店')
  expect(shown).toContain('每人可用2次，已用1次')
  expect(comp.querySelectorAll('.claim')).toHaveLength(1)  // only the unclaimed one has a claim button
  expect(comp.querySelectorAll('.use')).toHaveLength(1)  // only the usable one leads to booking
  expect(shown).not.toContain('为您准备的优惠')
})

test('claiming: POST /mp/coupons/{id}/claim, then the list is read again and the coupon shows as usable', async () => {
  let claimed = false
  const { comp, root, calls } = await open({
    'GET /mp/coupons': () => [200, { coupons: [coupon(claimed ? { claimed: true, usable: true } : {})] }],
    'POST /mp/coupons/winter-check/claim': () => {
      claimed = true
      return [200, coupon({ claimed: true, usable: true })]
    },
  })
  comp.querySelector('.claim').dispatchEvent('tap')
  await settle()
  expect(calls.filter((c) => c.key === 'POST /mp/coupons/winter-check/claim')).toHaveLength(1)
  expect(wx.showToast).toHaveBeenCalledWith({ title: '领取成功', icon: 'success' })
  expect(root.data.claimable).toHaveLength(0)
  expect(root.data.claimed.map((c) => c.state)).toEqual(['usable'])
  comp.querySelector('.use').dispatchEvent('tap')
  await settle(1)
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/booking/new?first=1&service_type=maintenance' })
})

test('a refused claim says why in Chinese and the list stays as the server has it', async () => {
  const { comp, root } = await open({
    'GET /mp/coupons': [200, { coupons: [coupon()] }],
    'POST /mp/coupons/winter-check/claim': error('coupon_not_valid', 'the coupon has expired', 409, 'coupon_id'),
  })
  comp.querySelector('.claim').dispatchEvent('tap')
  await settle()
  expect(wx.showToast).toHaveBeenCalledWith({ title: '该优惠券不适用于所选日期或服务', icon: 'none' })
  expect(root.data.claiming).toBe('')
  expect(root.data.claimable).toHaveLength(1)
})

test('coupons an invitation prepared for me come first, under their own heading, with the services they are for', async () => {
  const { comp, root } = await open({ 'GET /mp/coupons': [200, { coupons: [
    coupon(),
    coupon({ coupon_id: 'invitation-maintenance_due', name: '保养邀请礼券', claimed: true, usable: true, for_you: true,
      service_types: ['first_service', 'maintenance'] }),
  ] }] })
  expect(root.data.forYou.map((c) => c.id)).toEqual(['invitation-maintenance_due'])
  const shown = text(comp)
  expect(shown.indexOf('为您准备的优惠')).toBeLessThan(shown.indexOf('可领取'))
  expect(shown).toContain('适用服务：首保、保养')
  comp.querySelector('.for-you .use').dispatchEvent('tap')
  await settle(1)
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/booking/new?first=1&service_type=first_service' })
})

test('no coupons: the empty state; a backend without coupons: not open yet', async () => {
  const { comp } = await open({ 'GET /mp/coupons': [200, { coupons: [] }] })
  expect(text(comp)).toContain('暂无可用的优惠券')
  const second = await open({})
  expect(second.root.data.state).toBe('error')
  expect(text(second.comp)).toContain('该功能暂未开放')
})
