// WeChat's privacy agreement: before the app touches personal data (location, phone number, the booking form)
// WeChat calls the onNeedPrivacyAuthorization listener; the privacy-popup component on the page shows the
// agreement and resolves with agree / disagree.

/** @typedef {(resolve: (r: {event: string, buttonId?: string}) => void) => void} Handler */

/** @type {Handler | null} */
let show = null

/** The popup of the page on screen registers itself here. @param {Handler | null} handler */
function setHandler(handler) {
  show = handler
}

/** Called once from app.js. */
function install() {
  if (typeof wx.onNeedPrivacyAuthorization !== 'function') return
  wx.onNeedPrivacyAuthorization((/** @type {any} */ resolve) => {
    if (show) show(resolve)
    else resolve({ event: 'disagree' })
  })
}

/**
 * Resolves once the customer agreed (immediately if already agreed or the base library has no privacy API);
 * rejects when they refuse.
 * @returns {Promise<void>}
 */
function ensureAgreed() {
  return new Promise((resolve, reject) => {
    if (typeof wx.requirePrivacyAuthorize !== 'function') return resolve()
    wx.requirePrivacyAuthorize({ success: () => resolve(), fail: () => reject(new Error('privacy_refused')) })
  })
}

module.exports = { install, setHandler, ensureAgreed }
