// My bookings, newest first, each with its store's name; tap for the detail.
const { api } = require('../../utils/api')
const { when, serviceName, statusName, priceLabel } = require('../../utils/format')

/** @param {import('../../types').Booking} b @param {Record<string, string>} [stores] store id -> name */
function view(b, stores = {}) {
  return {
    id: b.booking_id,
    store: stores[b.store_id] || '',
    when: when(b.start),
    service: serviceName(b.service_type),
    status: b.status,
    statusName: statusName(b.status),
    plate: b.vehicle ? b.vehicle.plate : '',
    price: priceLabel(b.price_estimate),
    active: b.status === 'pending' || b.status === 'confirmed',
  }
}

/** Each store's name by id; none when the list cannot be read (the bookings still show). */
async function storeNames() {
  try {
    /** @type {Record<string, string>} */
    const names = {}
    for (const s of (await api.stores()).stores) names[s.store_id] = s.name
    return names
  } catch (e) {
    return {}
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
        const [res, names] = await Promise.all([api.bookings(), storeNames()])
        const bookings = res.bookings.map((b) => view(b, names))
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
