// Stores: near me (wx.getLocation; distance from the backend when it sends it, else computed from the store's
// location; without locations the chain's list as it comes) or by city. Phone, address, open in map.
const { api } = require('../../utils/api')
const { distanceKm, distanceLabel, hoursLabel } = require('../../utils/format')

/**
 * @param {import('../../types').Store} s
 * @param {{lat: number, lng: number} | null} here
 */
function view(s, here) {
  const km = typeof s.distance_km === 'number' ? s.distance_km : here && s.location ? distanceKm(here, s.location) : null
  return {
    storeId: s.store_id,
    name: s.name,
    address: s.address,
    phone: s.phone,
    city: s.city || '',
    district: s.district || '',
    location: s.location || null,
    km,
    distance: distanceLabel(km),
    hours: hoursLabel(s.hours),
  }
}

Component({
  data: {
    state: 'loading',
    message: '',
    stores: /** @type {ReturnType<typeof view>[]} */ ([]),
    cities: /** @type {string[]} */ ([]),
    city: '',
    located: false,
    locationNote: '',
  },
  methods: {
    onLoad() {
      this.locate()
    },
    /** Ask for the location; refused or unavailable -> the list without distances and the city filter. */
    locate() {
      this.setData({ state: 'loading' })
      wx.getLocation({
        type: 'gcj02',
        success: (res) => {
          Object.assign(this, { here: { lat: res.latitude, lng: res.longitude } })
          this.setData({ located: true, locationNote: '' })
          this.load()
        },
        fail: () => {
          Object.assign(this, { here: null })
          this.setData({ located: false, locationNote: '未获得位置权限，按城市查看门店' })
          this.load()
        },
      })
    },
    async load() {
      const here = /** @type {any} */ (this).here || null
      this.setData({ state: 'loading', message: '' })
      try {
        const where = here ? { lat: here.lat, lng: here.lng } : this.data.city ? { city: this.data.city } : {}
        const res = await api.stores(where)
        let stores = res.stores.map((s) => view(s, here))
        if (this.data.city) stores = stores.filter((s) => !s.city || s.city === this.data.city)
        if (here) stores.sort((a, b) => (a.km === null ? 1e9 : a.km) - (b.km === null ? 1e9 : b.km))
        const cities = res.stores.map((s) => s.city || '').filter((c, i, all) => c && all.indexOf(c) === i)
        this.setData({ stores, cities: cities.length ? cities : this.data.cities, state: stores.length ? '' : 'empty' })
      } catch (e) {
        this.setData({ state: 'error', message: /** @type {Error} */ (e).message })
      }
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onCity(e) {
      const city = String(e.currentTarget.dataset.city || '')
      Object.assign(this, { here: null })
      this.setData({ city: city === this.data.city ? '' : city, located: false })
      this.load()
    },
    onNearMe() {
      this.setData({ city: '' })
      this.locate()
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onCall(e) {
      const phone = String(e.currentTarget.dataset.phone || '')
      if (phone) wx.makePhoneCall({ phoneNumber: phone })
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onMap(e) {
      const s = this.data.stores[Number(e.currentTarget.dataset.index)]
      if (!s) return
      if (s.location) {
        wx.openLocation({ latitude: s.location.lat, longitude: s.location.lng, name: s.name, address: s.address, scale: 16 })
      } else {
        wx.setClipboardData({ data: s.address })
      }
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onBook(e) {
      const s = this.data.stores[Number(e.currentTarget.dataset.index)]
      if (s) wx.navigateTo({ url: `/pages/booking/new?store_id=${encodeURIComponent(s.storeId)}&store_name=${encodeURIComponent(s.name)}` })
    },
    onFirstAvailable() {
      wx.navigateTo({ url: '/pages/booking/new?first=1' })
    },
  },
})
