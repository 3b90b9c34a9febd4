#!/usr/bin/env node
// `make client-test`: the generated API types' freshness, the type check, jest (components, pages, the end-to-end test against the local run) and
// the compile checks; jest and the compile checks run side by side. Ends with one plain line,
// "N passed, N failed", counting jest tests, the type check and each compile check.
const { spawn } = require('child_process')
const fs = require('fs')
const path = require('path')

const ROOT = path.join(__dirname, '..')
const BIN = path.join(ROOT, 'node_modules', '.bin')
const RESULTS = path.join(ROOT, '.jest-results.json')

/** Runs a command, streaming its output; resolves with exit code and the captured stdout. */
function run(cmd, args, label) {
  return new Promise((resolve) => {
    const t = Date.now()
    const child = spawn(cmd, args, { cwd: ROOT, env: process.env })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      process.stdout.write(d)
    })
    child.stderr.on('data', (d) => process.stderr.write(d))
    child.on('close', (code) => {
      console.log(`[client-test] ${label}: exit ${code} in ${((Date.now() - t) / 1000).toFixed(1)} s`)
      resolve({ code: code === null ? 1 : code, out })
    })
  })
}

async function main() {
  const started = Date.now()
  let passed = 0
  let failed = 0

  const types = await run(process.execPath, [path.join(__dirname, 'openapi-types.js'), '--check'],
    'generated API types match GET /openapi.json')
  if (types.code === 0) passed++
  else failed++

  const tsc = await run(path.join(BIN, 'tsc'), ['-p', 'tsconfig.json'], 'type check (tsc, checkJs)')
  if (tsc.code === 0) passed++
  else failed++

  fs.rmSync(RESULTS, { force: true })
  const [jest, compile] = await Promise.all([
    run(path.join(BIN, 'jest'), ['--ci', '--maxWorkers=2', '--json', `--outputFile=${RESULTS}`], 'jest'),
    run(process.execPath, [path.join(__dirname, 'compile-check.js')], 'compile checks (wcc, wcsc, miniprogram-ci)'),
  ])

  if (fs.existsSync(RESULTS)) {
    const r = JSON.parse(fs.readFileSync(RESULTS, 'utf8'))
    passed += r.numPassedTests
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0)
    if (jest.code !== 0 && r.numFailedTests === 0 && !r.numRuntimeErrorTestSuites) failed++
    console.log(`[client-test] jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed in ${r.numTotalTestSuites} files`)
  } else {
    failed++
  }
  for (const line of compile.out.split('\n')) {
    if (line.startsWith('compile-check ok')) passed++
    if (line.startsWith('compile-check FAIL')) failed++
  }
  if (compile.code !== 0 && !compile.out.includes('compile-check FAIL')) failed++

  console.log(`[client-test] total ${((Date.now() - started) / 1000).toFixed(1)} s`)
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

main()
