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

async function ciCompile() {
  const ci = require('miniprogram-ci')
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

// miniprogram-ci leaves a compiler process behind: exit explicitly.
main().then(() => process.exit(process.exitCode || 0))
