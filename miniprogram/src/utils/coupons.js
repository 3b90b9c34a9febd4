// Coupons as the customer reads them (the coupons page and the booking page): what a coupon takes off, when and
// for what it is valid, its state, whether it applies to a chosen service, store and day, and the price with it.
// The booking's answer carries the price the backend worked out; what is shown before booking is the same sum:
// a coupon takes an amount or a percentage off the slot's labour (labour_estimate), half-up to the fen, never
// more than that labour.
const format = require('./format')

/** @typedef {import('../types').Coupon} Coupon */

/** "立减50.00元工时费" / "工时费9折" / "工时费8.5折". @param {Coupon} c */
function valueLabel(c) {
  if (c.amount_fen !== null && c.amount_fen !== undefined) return `立减${(c.amount_fen / 100).toFixed(2)}元工时费`
  if (c.percent === 100) return '免工时费'
  const zhe = (100 - (c.percent || 0)) / 10
  return `工时费${zhe}折`
}

/** "2026年12月1日" from "2026-12-01". @param {string} iso */
function dayLabel(iso) {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** "有效期：2026年12月1日至2026年12月31日（按预约到店日期）". @param {Coupon} c */
function validityLabel(c) {
  return `有效期：${dayLabel(c.valid_from)}至${dayLabel(c.valid_to)}（按预约到店日期）`
}

/** "适用服务：保养、首保" or all services. @param {Coupon} c */
function servicesLabel(c) {
  const only = c.service_types || []
  return only.length ? `适用服务：${only.map(format.serviceName).join('、')}` : '适用服务：全部服务项目'
}

/** Coupons are the chain's: valid at each of its stores. */
const STORES_LABEL = '适用门店：本品牌全部门店'

/**
 * 'claimable' | 'usable' | 'used_up' | 'expired' (an unclaimed one past its dates is not listed by the API).
 * @param {Coupon} c
 */
function state(c) {
  if (c.expired) return 'expired'
  if (!c.claimed) return 'claimable'
  return c.usable ? 'usable' : 'used_up'
}

/** @type {Record<string, string>} */
const STATE_LABEL = { claimable: '待领取', usable: '可使用', used_up: '已用完', expired: '已过期' }

/** "每人可用2次，已用1次". @param {Coupon} c */
function usesLabel(c) {
  return `每人可用${c.per_customer}次，已用${c.used}次`
}

/** One coupon as the page shows it. @param {Coupon} c */
function view(c) {
  const s = state(c)
  return {
    id: c.coupon_id,
    name: c.name,
    value: valueLabel(c),
    validity: validityLabel(c),
    services: servicesLabel(c),
    stores: STORES_LABEL,
    uses: usesLabel(c),
    state: s,
    stateLabel: STATE_LABEL[s],
    forYou: !!c.for_you,
    serviceType: (c.service_types || [])[0] || 'maintenance',
  }
}

/** Fen from "306.00". @param {string | null | undefined} yuan */
function fen(yuan) {
  if (yuan === null || yuan === undefined || yuan === '') return null
  const [whole, cents = '0'] = String(yuan).split('.')
  return Number(whole) * 100 + Number(cents.padEnd(2, '0').slice(0, 2))
}

/**
 * The fen a coupon takes off a slot's labour (already at the slot's discount), as the booking will.
 * @param {Coupon} c
 * @param {number} labourFen
 */
function off(c, labourFen) {
  if (c.amount_fen !== null && c.amount_fen !== undefined) return Math.min(c.amount_fen, labourFen)
  const kept = Math.floor((labourFen * (100 - (c.percent || 0)) + 50) / 100)  // half-up to the fen
  return labourFen - kept
}

/**
 * Whether the customer may use it for a booking of this service on this day (YYYY-MM-DD, the store's day).
 * @param {Coupon} c
 * @param {string} serviceType
 * @param {string} day
 */
function applies(c, serviceType, day) {
  if (!c.usable || c.expired) return false
  if (day < c.valid_from || day > c.valid_to) return false
  const only = c.service_types || []
  return !only.length || only.includes(serviceType)
}

/**
 * The coupons the customer may choose for a slot, each with the price with it; none without a listed price.
 * @param {Coupon[]} coupons
 * @param {string} serviceType
 * @param {import('../types').Slot | undefined} slot
 */
function choices(coupons, serviceType, slot) {
  if (!slot) return []
  const labour = fen(slot.labour_estimate)
  const total = fen(slot.price_estimate)
  if (labour === null || total === null) return []
  const day = slot.start.slice(0, 10)
  return coupons.filter((c) => applies(c, serviceType, day)).map((c) => {
    const taken = off(c, labour)
    return { id: c.coupon_id, name: c.name, value: valueLabel(c), off: format.priceLabel((taken / 100).toFixed(2)),
      price: format.priceLabel((Math.max(total - taken, 0) / 100).toFixed(2)) }
  })
}

module.exports = { valueLabel, validityLabel, servicesLabel, STORES_LABEL, state, STATE_LABEL, usesLabel, view, fen, off, applies, choices }
