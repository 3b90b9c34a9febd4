// Booking: service type -> day -> slot (or the first available across stores), vehicle (plate with the province
// keyboard, model, mileage; remembered), contact, fault description. Right before submitting, the subscribe
// message request; its result goes to /mp/subscriptions. The Idempotency-Key lives as long as the attempt:
// a retried submit (network failure, a second tap) reuses it; slot_full refreshes the slots and says so.
// Coupons: once a slot is chosen, the customer's usable coupons that apply to its service and day are offered,
// each with the price with it beside the price without; the chosen one goes as coupon_id.
const { api, newIdempotencyKey } = require('../../utils/api')
const config = require('../../config')
const format = require('../../utils/format')
const storage = require('../../utils/storage')
const privacy = require('../../utils/privacy')
const couponRules = require('../../utils/coupons')

/** Ask for the configured templates; resolves with {kind: 1} for each accepted, {} when none or refused. */
function askSubscriptions() {
  const kinds = Object.keys(config.templates).filter((k) => config.templates[k])
  if (!kinds.length || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve({})
  const ids = kinds.map((k) => config.templates[k])
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (res) => {
        /** @type {Record<string, number>} */
        const granted = {}
        kinds.forEach((k) => {
          if (/** @type {any} */ (res)[config.templates[k]] === 'accept') granted[k] = 1
        })
        resolve(granted)
      },
      fail: () => resolve({}),
    })
  })
}

Component({
  data: {
    serviceTypes: format.SERVICE_TYPES,
    serviceType: 'maintenance',
    days: format.nextDays(14),
    date: '',
    storeId: '',
    storeName: '',
    first: false,
    slots: /** @type {import('../../types').Slot[]} */ ([]),
    slotState: 'loading',
    slotMessage: '',
    closed: '',
    start: '',
    notice: '',
    vehicle: { plate: '', model: '', mileage: '' },
    plateValid: false,
    savedVehicles: /** @type {import('../../types').Vehicle[]} */ ([]),
    name: '',
    phone: '',
    description: '',
    submitting: false,
    error: '',
    privacyRefused: false,
    coupons: /** @type {import('../../types').Coupon[]} */ ([]),
    couponChoices: /** @type {ReturnType<typeof couponRules.choices>} */ ([]),
    couponId: '',
    priceWithout: '',
    priceWith: '',
  },
  methods: {
    /** @param {Record<string, string | undefined>} query */
    onLoad(query) {
      const q = query || {}
      const saved = storage.vehicles()
      const last = saved[0]
      const contact = storage.contact()
      this.setData({
        storeId: q.store_id ? decodeURIComponent(q.store_id) : '',
        storeName: q.store_name ? decodeURIComponent(q.store_name) : '',
        first: q.first === '1' || !q.store_id,
        serviceType: q.service_type || 'maintenance',
        date: this.data.days[1].date,
        savedVehicles: saved,
        vehicle: last ? { plate: last.plate, model: last.model, mileage: String(last.mileage) } : this.data.vehicle,
        plateValid: !!last,
        name: contact.name,
        phone: contact.phone,
      })
      Object.assign(this, { idemKey: '' })
      // The agreement comes before the form is filled in, not in the middle of submitting.
      privacy.ensureAgreed().then(
        () => this.setData({ privacyRefused: false }),
        () => this.setData({ privacyRefused: true }),
      )
      const slotsRead = this.loadSlots()
      this.loadCoupons()
      return slotsRead
    },
    onShow() {
      // back from the coupons page: a coupon claimed there is offered at once
      if (this.data.slotState !== 'loading') this.loadCoupons()
    },
    /** The customer's coupons; none when they cannot be read (the booking goes on without). */
    async loadCoupons() {
      try {
        const res = await api.coupons()
        this.setData({ coupons: res.coupons })
      } catch (e) {
        this.setData({ coupons: [] })
      }
      this.offerCoupons()
    },
    /** The chosen slot's price, and the coupons that apply to it; a chosen one that no longer applies is dropped. */
    offerCoupons() {
      const d = this.data
      const slot = d.start ? d.slots.find((s) => s.start === d.start && (!s.store_id || s.store_id === d.storeId)) : undefined
      const choices = couponRules.choices(d.coupons, d.serviceType, slot)
      const chosen = choices.find((c) => c.id === d.couponId)
      this.setData({
        couponChoices: choices,
        couponId: chosen ? chosen.id : '',
        priceWithout: slot ? format.priceLabel(slot.price_estimate) : '',
        priceWith: chosen ? chosen.price : '',
      })
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onCoupon(e) {
      const id = String(e.currentTarget.dataset.id)
      this.setData({ couponId: this.data.couponId === id ? '' : id })
      this.newAttempt()
      this.offerCoupons()
    },
    onMyCoupons() {
      wx.navigateTo({ url: '/pages/coupons/index' })
    },
    async loadSlots() {
      this.setData({ slotState: 'loading', slotMessage: '', closed: '' })
      try {
        if (this.data.first) {
          const res = await api.firstAvailable({ service_type: this.data.serviceType, days: 7 })
          this.setData({ slots: res.slots, slotState: res.slots.length ? '' : 'empty' })
        } else {
          const res = await api.slots(this.data.storeId, this.data.date, this.data.serviceType)
          const open = res.slots.filter((s) => s.available > 0)
          this.setData({
            slots: res.slots,
            closed: res.closed ? '门店当天休息' : '',
            slotState: open.length ? '' : 'empty',
          })
        }
        if (this.data.start && !this.data.slots.some((s) => s.start === this.data.start && s.available > 0)) {
          this.setData({ start: '' })
        }
        this.offerCoupons()
      } catch (e) {
        this.setData({ slotState: 'error', slotMessage: /** @type {Error} */ (e).message })
      }
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onServiceType(e) {
      this.setData({ serviceType: String(e.currentTarget.dataset.code), start: '', notice: '' })
      this.newAttempt()
      this.loadSlots()
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onDay(e) {
      this.setData({ date: String(e.currentTarget.dataset.date), start: '', notice: '', first: false })
      this.newAttempt()
      this.loadSlots()
    },
    onFirstAvailable() {
      this.setData({ first: true, start: '', notice: '' })
      this.newAttempt()
      this.loadSlots()
    },
    /** @param {WechatMiniprogram.CustomEvent<{start: string, storeId: string}>} e */
    onSlot(e) {
      const storeId = this.data.first && e.detail.storeId ? e.detail.storeId : this.data.storeId
      const slot = this.data.slots.find((s) => s.start === e.detail.start)
      this.setData({ start: e.detail.start, storeId, storeName: (slot && slot.store_name) || this.data.storeName, notice: '' })
      this.newAttempt()
      this.offerCoupons()
    },
    /** @param {WechatMiniprogram.CustomEvent<{value: string, valid: boolean}>} e */
    onPlate(e) {
      this.setData({ 'vehicle.plate': e.detail.value, plateValid: e.detail.valid })
      this.newAttempt()
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onSavedVehicle(e) {
      const v = this.data.savedVehicles[Number(e.currentTarget.dataset.index)]
      if (v) this.setData({ vehicle: { plate: v.plate, model: v.model, mileage: String(v.mileage) }, plateValid: true })
      this.newAttempt()
    },
    /** @param {WechatMiniprogram.Input} e */
    onInput(e) {
      const field = String(e.currentTarget.dataset.field)
      this.setData({ [field]: e.detail.value })
      this.newAttempt()
    },
    /** A changed booking is a new attempt: the next submit gets a new key. */
    newAttempt() {
      Object.assign(this, { idemKey: '' })
    },
    /** @returns {string} what is missing, or '' */
    check() {
      const d = this.data
      if (!d.start) return '请选择预约时段'
      if (!d.plateValid) return '请输入正确的车牌号'
      if (!d.vehicle.model.trim()) return '请填写车型'
      const km = Number(d.vehicle.mileage)
      if (!Number.isInteger(km) || km < 0) return '请填写行驶里程（公里，整数）'
      if (!d.name.trim()) return '请填写联系人姓名'
      if (!/^1\d{10}$/.test(d.phone)) return '请填写11位手机号'
      return ''
    },
    async onSubmit() {
      if (this.data.submitting) return
      const problem = this.check()
      if (problem) {
        this.setData({ error: problem })
        return
      }
      const self = /** @type {any} */ (this)
      if (this.data.privacyRefused) {
        try {
          await privacy.ensureAgreed()
          this.setData({ privacyRefused: false })
        } catch (e) {
          this.setData({ error: '需要您同意隐私保护指引后才能提交预约' })
          return
        }
      }
      this.setData({ submitting: true, error: '' })
      // The subscribe popup must come straight from the tap, before any network wait.
      const granted = await askSubscriptions()
      if (Object.keys(granted).length) {
        api.subscriptions(granted).catch(() => undefined) // a lost grant only costs a reminder, never the booking
      }
      if (!self.idemKey) self.idemKey = newIdempotencyKey()
      const d = this.data
      const vehicle = { plate: d.vehicle.plate, model: d.vehicle.model.trim(), mileage: Number(d.vehicle.mileage) }
      const customer = { name: d.name.trim(), phone: d.phone }
      try {
        const booking = await api.book(
          {
            store_id: d.storeId,
            start: d.start,
            service_type: /** @type {import('../../types').ServiceType} */ (d.serviceType),
            customer,
            vehicle,
            ...(d.description.trim() ? { description: d.description.trim() } : {}),
            ...(d.couponId ? { coupon_id: d.couponId } : {}),
          },
          self.idemKey,
        )
        storage.rememberVehicle(vehicle)
        storage.rememberContact(customer)
        self.idemKey = ''
        this.setData({ submitting: false })
        wx.showToast({ title: '预约成功', icon: 'success' })
        wx.redirectTo({ url: `/pages/booking/detail?id=${encodeURIComponent(booking.booking_id)}` })
      } catch (e) {
        const err = /** @type {import('../../utils/api').ApiError} */ (e)
        if (err.code === 'slot_full' || err.code === 'day_full') {
          self.idemKey = ''
          this.setData({ submitting: false, start: '', notice: err.message })
          await this.loadSlots()
          return
        }
        if (err.code === 'coupon_used_up' || err.code === 'coupon_not_valid' || err.code === 'coupon_not_found') {
          // the coupon is no longer usable for this booking: say so, and offer what still applies
          self.idemKey = ''
          this.setData({ submitting: false, couponId: '', error: err.message })
          await this.loadCoupons()
          return
        }
        // Anything else (network included) keeps the key: tapping submit again cannot book twice.
        this.setData({ submitting: false, error: err.message || '预约未成功，请重试' })
      }
    },
  },
})
