// The slots of a day: recommended ones stand out (with the discount and price when the backend sends them),
// busy ones say so, full ones cannot be chosen.
const { hhmm, discountLabel, priceLabel, TIER } = require('../../utils/format')

/** @param {import('../../types').Slot} s */
function view(s) {
  return {
    start: s.start,
    time: hhmm(s.start),
    storeName: s.store_name || '',
    storeId: s.store_id || '',
    tier: s.tier,
    tierLabel: TIER[s.tier] || '',
    discount: discountLabel(s.discount),
    price: priceLabel(s.price_estimate),
    full: s.available <= 0,
    note: s.available <= 0 ? '已约满' : s.tier === 'busy' ? '繁忙，可能需等待' : s.available <= 2 ? `仅剩${s.available}个` : '',
  }
}

Component({
  properties: {
    slots: { type: Array, value: [] },
    selected: { type: String, value: '' },
    showStore: { type: Boolean, value: false },
  },
  data: { items: /** @type {ReturnType<typeof view>[]} */ ([]) },
  observers: {
    slots(/** @type {import('../../types').Slot[]} */ slots) {
      this.setData({ items: (slots || []).map(view) })
    },
  },
  methods: {
    /** @param {WechatMiniprogram.TouchEvent} e */
    onTap(e) {
      const i = Number(e.currentTarget.dataset.index)
      const item = this.data.items[i]
      if (!item || item.full) return
      this.triggerEvent('select', { start: item.start, storeId: item.storeId, index: i })
    },
  },
})
