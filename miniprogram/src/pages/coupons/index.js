// My coupons (docs/product-rules.md#coupons): those prepared for me (an invitation's), those I may claim, and those
// I claimed (usable, used up, or expired), each with what it takes off, its dates, and the services and stores it
// is for. Claiming is POST /mp/coupons/{id}/claim; a usable one leads to the booking page for its service.
const { api } = require('../../utils/api')
const coupons = require('../../utils/coupons')

/** @typedef {ReturnType<typeof coupons.view>} CouponView */

/** @param {import('../../types').Coupon[]} list */
function sections(list) {
  const views = list.map(coupons.view)
  return {
    forYou: views.filter((v) => v.forYou),
    claimable: views.filter((v) => !v.forYou && v.state === 'claimable'),
    claimed: views.filter((v) => !v.forYou && v.state !== 'claimable'),
  }
}

Component({
  data: {
    state: 'loading',
    message: '',
    forYou: /** @type {CouponView[]} */ ([]),
    claimable: /** @type {CouponView[]} */ ([]),
    claimed: /** @type {CouponView[]} */ ([]),
    claiming: '',
  },
  methods: {
    onLoad() {
      return this.load()
    },
    onShow() {
      if (this.data.state !== 'loading') this.load()
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      try {
        const res = await api.coupons()
        this.setData({ state: res.coupons.length ? '' : 'empty', message: '', ...sections(res.coupons) })
      } catch (e) {
        const err = /** @type {import('../../utils/api').ApiError} */ (e)
        this.setData({ state: 'error', message: err.routeMissing ? '该功能暂未开放，敬请期待' : err.message })
      }
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    async onClaim(e) {
      const id = String(e.currentTarget.dataset.id)
      if (this.data.claiming) return
      this.setData({ claiming: id })
      try {
        await api.claimCoupon(id)
        wx.showToast({ title: '领取成功', icon: 'success' })
      } catch (err) {
        wx.showToast({ title: /** @type {Error} */ (err).message, icon: 'none' })
      }
      this.setData({ claiming: '' })
      await this.load()
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onUse(e) {
      const service = String(e.currentTarget.dataset.service || 'maintenance')
      wx.navigateTo({ url: `/pages/booking/new?first=1&service_type=${encodeURIComponent(service)}` })
    },
  },
})
