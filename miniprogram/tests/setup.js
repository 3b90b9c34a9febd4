// A fresh wx stub for every test file; tests replace pieces with installWx({...}).
const { installWx } = require('./helpers')

installWx()
