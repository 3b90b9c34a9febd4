// Extra work (增项) found during the job (docs/product-rules.md#extra-work): each item with why, parts, price and
// how much later the car is ready; the customer agrees or declines each. Opened from the booking page and from
// the extra-work message: pages/booking/extra?id=
const { api } = require('../../utils/api')
const job = require('../../utils/job')

const STATUS = { proposed: '待您确认', approved: '已同意', declined: '未同意' }

/** @param {import('../../types').ExtraItem} i */
function itemView(i) {
  return {
    id: i.item_id,
    what: i.what,
    why: i.why,
    parts: i.parts,
    price: `¥${i.price}`,
    later: i.minutes ? `交车时间顺延约${i.minutes}分钟` : '不影响交车时间',
    open: i.status === 'proposed',
    statusName: STATUS[i.status] || i.status,
    decided: i.decided_at ? `${job.chinaWhen(i.decided_at)}${i.by_phone ? '（电话确认）' : ''}` : '',
  }
}

Component({
  data: {
    state: 'loading',
    message: '',
    items: /** @type {ReturnType<typeof itemView>[]} */ ([]),
    busy: false,
  },
  methods: {
    /** @param {Record<string, string | undefined>} query */
    onLoad(query) {
      Object.assign(this, { id: query && query.id ? decodeURIComponent(query.id) : '' })
      if (!(/** @type {any} */ (this).id)) {
        this.setData({ state: 'error', message: '链接缺少预约编号' })
        return Promise.resolve()
      }
      return this.load()
    },
    async load() {
      this.setData({ state: 'loading', message: '' })
      try {
        const res = await api.extraWork(/** @type {any} */ (this).id)
        this.setData({ items: res.items.map(itemView), state: res.items.length ? '' : 'empty' })
      } catch (e) {
        this.setData({ state: 'error', message: /** @type {Error} */ (e).message })
      }
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onAnswer(e) {
      const item = String(e.currentTarget.dataset.item)
      const decision = e.currentTarget.dataset.decision === 'approve' ? 'approve' : 'decline'
      const found = this.data.items.find((i) => i.id === item)
      if (!found) return
      wx.showModal({
        title: decision === 'approve' ? '同意增项' : '不做此项',
        content: decision === 'approve' ? `${found.what}，费用${found.price}，${found.later}。确认同意吗？` : `确定不做“${found.what}”吗？`,
        confirmText: decision === 'approve' ? '同意' : '不做',
        cancelText: '再想想',
        success: async (res) => {
          if (!res.confirm) return
          this.setData({ busy: true })
          try {
            const b = await api.answerExtra(/** @type {any} */ (this).id, item, decision)
            this.setData({ items: (b.extra_work || []).map(itemView), busy: false })
            wx.showToast({ title: decision === 'approve' ? '已同意' : '已记录', icon: 'success' })
          } catch (err) {
            this.setData({ busy: false })
            wx.showModal({ title: '操作未成功', content: /** @type {Error} */ (err).message || '请稍后再试', showCancel: false })
            await this.load()
          }
        },
      })
    },
  },
})
