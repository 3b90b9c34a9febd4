// What the app remembers for next time (local storage only).
const VEHICLES = 'vehicles'
const CONTACT = 'contact'
const CONSENT = 'marketing_consent'

/** @returns {import('../types').Vehicle[]} */
function vehicles() {
  const v = wx.getStorageSync(VEHICLES)
  return Array.isArray(v) ? v : []
}

/** Most recent first, one entry per plate. @param {import('../types').Vehicle} vehicle */
function rememberVehicle(vehicle) {
  const rest = vehicles().filter((v) => v.plate !== vehicle.plate)
  wx.setStorageSync(VEHICLES, [vehicle, ...rest].slice(0, 5))
}

/** @param {string} plate */
function forgetVehicle(plate) {
  wx.setStorageSync(VEHICLES, vehicles().filter((v) => v.plate !== plate))
}

/** @returns {import('../types').Customer} */
function contact() {
  const c = wx.getStorageSync(CONTACT)
  return c && typeof c === 'object' ? c : { name: '', phone: '' }
}

/** @param {import('../types').Customer} c */
function rememberContact(c) {
  wx.setStorageSync(CONTACT, c)
}

function marketingConsent() {
  return wx.getStorageSync(CONSENT) === true
}

/** @param {boolean} on */
function setMarketingConsent(on) {
  wx.setStorageSync(CONSENT, on)
}

module.exports = { vehicles, rememberVehicle, forgetVehicle, contact, rememberContact, marketingConsent, setMarketingConsent }
