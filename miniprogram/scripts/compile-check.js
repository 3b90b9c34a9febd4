#!/usr/bin/env node
// Compile checks with the official tool chain, offline:
//  1. every .wxml through wcc and every .wxss through wcsc (the miniprogram-compiler binaries), errors with
//     file, line and column; a deliberately broken file must fail, so a silent compiler cannot pass;
//  2. the whole project through miniprogram-ci's getCompiledResult (no upload, a throwaway key).
// Prints one line per check; exits non-zero on the first failure class.
const fs = require('fs')
const os = require('os')
const path = require('path')

const ROOT = path.join(__dirname, '..')
const SRC = path.join(ROOT, 'src')
const wcc = require('miniprogram-compiler/src/wcc')
const wcsc = require('miniprogram-compiler/src/wcsc')

/** @param {string} dir @param {string} ext */
function files(dir, ext) {
  const out = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...files(p, ext))
    else if (e.name.endsWith(ext)) out.push(p)
  }
  return out
}

const rel = (p) => path.relative(SRC, p).replace(/\\/g, '/')
const noExt = (p) => rel(p).replace(/\.(wxml|wxss)$/, '')

function checkWxml(root, list) {
  // wcc needs the whole set at once (components reference each other); on an error it names file:line:col.
  wcc(root, list, [], {})
}

function checkWxss(root, list) {
  for (const f of list) {
    const res = wcsc(root, [f], {})
    if (res instanceof Error) throw res
  }
}

function selfTest() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wx-check-'))
  try {
    fs.writeFileSync(path.join(tmp, 'bad.wxml'), '<view>\n  <text>{{a}</text>\n</view2>\n')
    fs.writeFileSync(path.join(tmp, 'bad.wxss'), '.a { color: red;\n')
    let wxmlCaught = false
    let wxssCaught = false
    try {
      checkWxml(tmp, ['bad'])
    } catch (e) {
      wxmlCaught = true
    }
    try {
      checkWxss(tmp, ['bad'])
    } catch (e) {
      wxssCaught = true
    }
    if (!wxmlCaught || !wxssCaught) throw new Error(`the compilers accepted broken files (wxml caught: ${wxmlCaught}, wxss caught: ${wxssCaught})`)
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

// miniprogram-ci's own time limits are for an idle machine: its compiler process must say "ready" within
// 20 s of its fork ("fork process timeout"), and whoever waits for one of its one-at-a-time tasks that another
// caller started (the compiler's start, a compile) is given up after 60 s ("timeout"). On a busy 2-core
// machine both fail a good compile. Both limits become COMPILER_PATIENCE_MS, a hang guard only: a ready
// compiler or a finished compile still ends the wait at once. This reaches into miniprogram-ci 2.1.42 (pinned
// in package.json); tests/compile-check.test.js fails when an upgrade moves what it reaches.
const COMPILER_PATIENCE_MS = 300000

function patientCompiler() {
  const { SingletonTask } = require('miniprogram-ci/dist/utils/singletontask')
  const { SubProcessProxy } = require('miniprogram-ci/dist/utils/subprocess/processManager')
  if (typeof SingletonTask !== 'function' || typeof SubProcessProxy !== 'function') {
    console.log('compile-check note: miniprogram-ci changed inside; its own time limits stay as they are')
    return
  }
  // new SingletonTask(run, key, timeout = 60000) assigns this.timeout: at least the patient limit
  Object.defineProperty(SingletonTask.prototype, 'timeout', {
    configurable: true,
    get() { return this.patientTimeout },
    set(ms) { this.patientTimeout = Math.max(Number(ms) || 0, COMPILER_PATIENCE_MS) },
  })
  // forkProcess assigns this._cpPromise = { timer (20 s: destroy, reject), resolve, reject }; "ready" clears it
  Object.defineProperty(SubProcessProxy.prototype, '_cpPromise', {
    configurable: true,
    get() { return this.patientForkPromise },
    set(pending) {
      if (pending && pending.timer) {
        clearTimeout(pending.timer)
        pending.timer = setTimeout(() => {
          this.destroy()
          pending.reject(new Error(`the compiler process was not ready within ${COMPILER_PATIENCE_MS / 1000} s`))
        }, COMPILER_PATIENCE_MS)
      }
      this.patientForkPromise = pending
    },
  })
}

async function ciCompile() {
  const ci = require('miniprogram-ci')
  patientCompiler()
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wx-ci-'))
  const keyPath = path.join(tmp, 'private.key')
  const { privateKey } = require('crypto').generateKeyPairSync('rsa', { modulusLength: 1024 })
  fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }))
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'))
  try {
    const project = new ci.Project({
      appid: config.appid === 'touristappid' ? 'wx0000000000000000' : config.appid,
      type: 'miniProgram',
      projectPath: SRC,
      privateKeyPath: keyPath,
      ignores: ['node_modules/**/*'],
    })
    // Offline: the project attributes normally fetched from WeChat are the defaults.
    Object.assign(project, { attr: async () => ci.DefaultProjectAttr })
    const out = path.join(tmp, 'out')
    const result = await ci.getCompiledResult({ project, version: '0.0.0', setting: { es6: true, minify: false, minifyWXML: true, minifyWXSS: true }, onProgressUpdate: () => {} }, out)
    const names = Object.keys(result)
    for (const page of require(path.join(SRC, 'app.json')).pages) {
      if (!names.some((n) => n.includes(page))) throw new Error(`miniprogram-ci output lacks ${page}: ${names.slice(0, 20).join(', ')}`)
    }
    return names.length
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

async function main() {
  const wxml = files(SRC, '.wxml')
  const wxss = files(SRC, '.wxss')
  let failed = 0
  const step = async (name, fn) => {
    const t = Date.now()
    try {
      const detail = await fn()
      console.log(`compile-check ok   ${name}${detail ? ` (${detail})` : ''} ${Date.now() - t} ms`)
    } catch (e) {
      failed++
      console.log(`compile-check FAIL ${name}: ${e && e.message ? e.message : e}`)
    }
  }
  await step('compilers reject broken files', selfTest)
  await step(`wcc ${wxml.length} wxml files`, () => checkWxml(SRC, wxml.map(noExt)))
  await step(`wcsc ${wxss.length} wxss files`, () => checkWxss(SRC, wxss.map(noExt)))
  await step('miniprogram-ci getCompiledResult', async () => `${await ciCompile()} files`)
  process.exitCode = failed ? 1 : 0
}

module.exports = { patientCompiler, COMPILER_PATIENCE_MS }

if (require.main === module) {
  // miniprogram-ci leaves a compiler process behind: exit explicitly.
  main().then(() => process.exit(process.exitCode || 0))
}
