const { installWx, fakeBackend, mount, settle, text, error } = require('./helpers')
const { booking } = require('./fixtures')

function item(over = {}) {
  return { item_id: 'x1', what: '更换前刹车片', why: '刹车片剩余2毫米', labour_hours: 1, parts: '前刹车片一套', price: '680.00',
    price_fen: 68000, minutes: 60, status: 'proposed', proposed_at: '2026-12-02T07:00:00Z', decided_at: null, by_phone: false,
    said: null, told_at: null, ...over }
}

beforeEach(() => {
  installWx()
  wx.setStorageSync('mp_token', 't')
})

async function open(routes, items = [item(), item({ item_id: 'x2', what: '更换雨刮片', why: '老化', parts: '', price: '120.00', minutes: 0 })]) {
  const calls = fakeBackend({ 'GET /mp/bookings/b-1/extra-work': [200, { items }], ...routes })
  const page = mount('pages/booking/extra')
  await page.root.onLoad({ id: 'b-1' })
  await settle()
  return { ...page, calls }
}

test('each item with why, parts, price and the later hand-back time', async () => {
  const { comp } = await open({})
  const t = text(comp)
  expect(t).toContain('更换前刹车片')
  expect(t).toContain('原因：刹车片剩余2毫米')
  expect(t).toContain('配件：前刹车片一套')
  expect(t).toContain('¥680.00')
  expect(t).toContain('交车时间顺延约60分钟')
  expect(t).toContain('不影响交车时间')
  expect(comp.querySelectorAll('.approve').length).toBe(2)
})

test('agree to one item after confirming: the answer is sent and the item shows it', async () => {
  const answered = booking({ status: 'in_service', extra_work: [item({ status: 'approved', decided_at: '2026-12-02T07:10:00Z' })] })
  const { comp, calls } = await open({ 'POST /mp/bookings/b-1/extra-work/x1': [200, answered] }, [item()])
  comp.querySelector('.approve').dispatchEvent('tap')
  await settle()
  const modal = wx.showModal.mock.calls[0][0]
  expect(modal.content).toContain('费用¥680.00')
  expect(calls.find((c) => c.key === 'POST /mp/bookings/b-1/extra-work/x1').data).toEqual({ decision: 'approve' })
  expect(text(comp)).toContain('已同意')
  expect(text(comp)).toContain('12月2日 15:10')
  expect(comp.querySelector('.approve')).toBeFalsy()
})

test('declining asks first; "再想想" sends nothing', async () => {
  wx.showModal.mockImplementation(({ success }) => success && success({ confirm: false, cancel: true }))
  const { comp, calls } = await open({}, [item()])
  comp.querySelector('.decline').dispatchEvent('tap')
  await settle()
  expect(calls.some((c) => c.key.startsWith('POST'))).toBe(false)
})

test('an item already answered (on the phone meanwhile): the refusal is shown and the list reloaded', async () => {
  let listed = 0
  const { comp, calls } = await open({
    'GET /mp/bookings/b-1/extra-work': () => [200, { items: [++listed === 1 ? item() : item({ status: 'declined', by_phone: true,
      decided_at: '2026-12-02T07:05:00Z' })] }],
    'POST /mp/bookings/b-1/extra-work/x1': error('already_answered', '该增项已确认过，无需重复操作', 409, 'item_id'),
  })
  comp.querySelector('.approve').dispatchEvent('tap')
  await settle()
  expect(wx.showModal.mock.calls[1][0].content).toBe('该增项已确认过，无需重复操作')
  expect(calls.filter((c) => c.key === 'GET /mp/bookings/b-1/extra-work').length).toBe(2)
  expect(text(comp)).toContain('未同意')
  expect(text(comp)).toContain('（电话确认）')
})

test('no extra work: says so; a link without id says so', async () => {
  const { comp } = await open({}, [])
  expect(text(comp)).toContain('暂无增项')
  const page = mount('pages/booking/extra')
  await page.root.onLoad({})
  await settle(1)
  expect(text(page.comp)).toContain('链接缺少预约编号')
})
