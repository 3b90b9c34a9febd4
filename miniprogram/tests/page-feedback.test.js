const { installWx, fakeBackend, mount, settle, text, error } = require('./helpers')
const { booking } = require('./fixtures')

beforeEach(() => {
  installWx()
  wx.setStorageSync('mp_token', 't')
})

async function open(routes) {
  const calls = fakeBackend({ 'GET /mp/bookings/b-1': [200, booking({ status: 'completed' })], ...routes })
  const page = mount('pages/feedback/index')
  await page.root.onLoad({ id: 'b-1' })
  await settle()
  return { ...page, calls }
}

test('a score is required, then score and comment are sent', async () => {
  const { comp, root, calls } = await open({ 'POST /mp/bookings/b-1/feedback': [200, booking({ status: 'completed' })] })
  expect(text(comp)).toContain('保养 · 12月2日')
  comp.querySelector('.submit').dispatchEvent('tap')
  await settle()
  expect(text(comp)).toContain('请先为本次服务打分')
  comp.querySelectorAll('.star')[3].dispatchEvent('tap')
  await settle(1)
  expect(text(comp)).toContain('满意')
  root.setData({ comment: ' 服务很好 ' })
  comp.querySelector('.submit').dispatchEvent('tap')
  await settle()
  expect(calls.find((c) => c.key === 'POST /mp/bookings/b-1/feedback').data).toEqual({ score: 4, comment: '服务很好' })
  expect(text(comp)).toContain('感谢您的反馈')
})

test('feedback already given says so', async () => {
  const { comp, root } = await open({ 'POST /mp/bookings/b-1/feedback': error('feedback_given', 'already', 409) })
  root.setData({ score: 5 })
  await root.onSubmit()
  await settle()
  expect(text(comp)).toContain('您已评价过本次服务')
})

test('loading failure shows the error', async () => {
  const { comp } = await open({ 'GET /mp/bookings/b-1': 'network' })
  expect(text(comp)).toContain('网络不太好')
})
