// A fresh wx stub for every test file; tests replace pieces with installWx({...}).
const { installWx } = require('./helpers')

installWx()

// No waiting between retries in tests.
require('../src/config').retryDelayMs = 0
