// My bookings, newest first; tap for the detail.
const { api } = require('../../utils/api')
const { when, serviceName, statusName, priceLabel } = require('../../utils/format')

/** @param {import('../../types').Booking} b */
function view(b) {
  return {
    id: b.booking_id,
    when: when(b.start),
    service: serviceName(b.service_type),
    status: b.status,
    statusName: statusName(b.status),
    plate: b.vehicle ? b.vehicle.plate : '',
    price: priceLabel(b.price_estimate),
    active: b.status === 'pending' || b.status === 'confirmed',
  }
}

Component({
  data: { state: 'loading', message: '', bookings: /** @type {ReturnType<typeof view>[]} */ ([]) },
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
      this.setData({ state: this.data.bookings.length ? '' : 'loading', message: '' })
      try {
        const res = await api.bookings()
        const bookings = res.bookings.map(view)
        this.setData({ bookings, state: bookings.length ? '' : 'empty' })
      } catch (e) {
        this.setData({ state: 'error', message: /** @type {Error} */ (e).message })
      }
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onOpen(e) {
      wx.navigateTo({ url: `/pages/booking/detail?id=${encodeURIComponent(String(e.currentTarget.dataset.id))}` })
    },
    onBook() {
      wx.switchTab({ url: '/pages/stores/index' })
    },
  },
})
