/**
 * @jest-environment node
 *
 * miniprogram-ci's own time limits, as the compile check sets them: a compiler process that takes longer than
 * miniprogram-ci's 20 s to say "ready", or a compile longer than its 60 s, is waited for (a busy machine), up to
 * the check's patient limit, and only then given up. Fake timers: nothing here waits.
 */
const { patientCompiler, COMPILER_PATIENCE_MS } = require('../scripts/compile-check')

beforeAll(() => patientCompiler())
afterEach(() => jest.useRealTimers())

test('a compiler process slower than 20 s to be ready is waited for, then given up at the patient limit', () => {
  jest.useFakeTimers()
  const { SubProcessProxy } = require('miniprogram-ci/dist/utils/subprocess/processManager')
  const proxy = Object.create(SubProcessProxy.prototype)
  proxy.destroy = jest.fn()
  const reject = jest.fn()
  // what miniprogram-ci's forkProcess does right after the fork: a 20 s timer that destroys and rejects
  const timer = setTimeout(() => {
    proxy.destroy()
    reject(new Error('fork process timeout'))
  }, 20000)
  proxy._cpPromise = { timer, resolve: jest.fn(), reject }
  jest.advanceTimersByTime(25000)
  expect(reject).not.toHaveBeenCalled()
  expect(proxy.destroy).not.toHaveBeenCalled()
  jest.advanceTimersByTime(COMPILER_PATIENCE_MS)
  expect(proxy.destroy).toHaveBeenCalledTimes(1)
  expect(reject).toHaveBeenCalledTimes(1)
  expect(reject.mock.calls[0][0].message).toMatch(/not ready within/)
})

test('a compiler that says ready in time is not given up later', () => {
  jest.useFakeTimers()
  const { SubProcessProxy } = require('miniprogram-ci/dist/utils/subprocess/processManager')
  const proxy = Object.create(SubProcessProxy.prototype)
  proxy.destroy = jest.fn()
  proxy._cpPromise = { timer: setTimeout(() => proxy.destroy(), 20000), resolve: jest.fn(), reject: jest.fn() }
  clearTimeout(proxy._cpPromise.timer)  // what the "ready" message does
  jest.advanceTimersByTime(2 * COMPILER_PATIENCE_MS)
  expect(proxy.destroy).not.toHaveBeenCalled()
})

test('a task that takes longer than 60 s, such as the compiler start, is still awaited by everything waiting for it', async () => {
  jest.useFakeTimers()
  const { SingletonTask } = require('miniprogram-ci/dist/utils/singletontask')
  let finish
  const task = new SingletonTask(() => new Promise((r) => (finish = r)))  // miniprogram-ci's default limit: 60 s
  const first = task.getResult(true)  // runs it
  const second = task.getResult(true)  // waits for the same run: given up at the task's limit
  jest.advanceTimersByTime(90000)
  finish('ready')
  await expect(first).resolves.toBe('ready')
  await expect(second).resolves.toBe('ready')
})
