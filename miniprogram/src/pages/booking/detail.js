// One booking: status and progress, advisor, price; acknowledge, reschedule, cancel (the cut-off explained when
// the backend refuses), the survey once completed. Also opened from a reminder message: pages/booking/detail?id=
const { api } = require('../../utils/api')
const config = require('../../config')
const format = require('../../utils/format')
const job = require('../../utils/job')
const deposit = require('../../utils/deposit')
const invoice = require('../../utils/invoice')
const balance = require('../../utils/balance')

const PAID_CHECKS = 5 // after wx.requestPayment: ask this many times (WeChat Pay's notification may come later)

/** @param {import('../../types').Booking} b */
function view(b) {
  const step = format.PROGRESS.indexOf(b.status)
  return {
    id: b.booking_id,
    storeId: b.store_id,
    status: b.status,
    statusName: format.statusName(b.status),
    when: format.when(b.start),
    start: b.start || '',
    service: format.serviceName(b.service_type),
    serviceType: b.service_type,
    advisor: b.advisor || '',
    price: format.priceLabel(b.price_estimate),
    discount: format.discountLabel(b.discount),
    couponOff: b.coupon ? format.priceLabel(b.coupon.off) : '',
    plate: b.vehicle ? b.vehicle.plate : '',
    model: b.vehicle ? b.vehicle.model : '',
    description: b.description || '',
    acknowledged: !!b.acknowledged_at,
    active: b.status === 'pending' || b.status === 'confirmed',
    completed: b.status === 'completed',
    steps: format.PROGRESS.map((s, i) => ({ name: format.statusName(s), done: step >= 0 && i <= step })),
    promised: job.promised(b),
    timeline: job.timeline(b),
    extraPending: job.pendingExtra(b),
    extraCount: (b.extra_work || []).length,
    deposit: deposit.view(b),
  }
}

// the bill's lines as the customer reads them (docs/product-rules.md#the-bill)
const BILL_LINES = { labour: '工时费', discount: '时段优惠', parts: '配件费', extra_work: '增项', coupon: '优惠券', deposit: '已付定金', balance_paid: '已付尾款' }
// a bill is shown once the customer has come: before that the price estimate says it
const BILLED = ['arrived', 'in_service', 'completed']

/** @param {import('../../types').Bill} bill */
function billView(bill) {
  return {
    title: bill.stage === 'final' ? '结算单' : '预估结算单',
    lines: bill.lines.filter((l) => l.fen !== 0 || l.kind === 'labour').map((l, i) => ({
      key: `${l.kind}-${l.item_id || i}`,
      name: l.kind === 'extra_work' ? `${BILL_LINES.extra_work}：${l.what}` : BILL_LINES[l.kind],
      amount: l.fen < 0 ? `-${format.priceLabel(l.amount.replace('-', ''))}` : format.priceLabel(l.amount),
    })),
    balance: format.priceLabel(bill.balance),
    refund: bill.refund_fen > 0 ? format.priceLabel(bill.refund) : '',
    invoice: invoice.view(bill.invoice),
    pay: balance.view(bill),
  }
}

/** @param {import('../../types').Store} s */
function storeView(s) {
  return { name: s.name, address: s.address, phone: s.phone, location: s.location || null }
}

Component({
  data: {
    state: 'loading',
    message: '',
    booking: /** @type {ReturnType<typeof view> | null} */ (null),
    busy: false,
    rescheduling: false,
    days: format.nextDays(14),
    date: '',
    slots: /** @type {import('../../types').Slot[]} */ ([]),
    slotState: '',
    slotMessage: '',
    newStart: '',
    notice: '',
    store: /** @type {ReturnType<typeof storeView> | null} */ (null),
    bill: /** @type {ReturnType<typeof billView> | null} */ (null),
    invoicing: false,
    invoiceForm: invoice.emptyForm(),
    invoiceHint: '',
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
        const b = await api.booking(/** @type {any} */ (this).id)
        this.setData({ booking: view(b), state: '' })
        await this.loadStore(b.store_id)
        if (BILLED.includes(b.status)) await this.loadBill()
      } catch (e) {
        this.setData({ state: 'error', message: /** @type {Error} */ (e).message })
      }
    },
    /** The booking's store: name, address, phone, map. Without it the page still shows the booking. @param {string} storeId */
    async loadStore(storeId) {
      try {
        const found = (await api.stores()).stores.find((s) => s.store_id === storeId)
        if (found) this.setData({ store: storeView(found) })
      } catch (e) {
        this.setData({ store: null })
      }
    },
    /** The bill, item by item; without it the page still shows the booking. */
    async loadBill() {
      try {
        this.setData({ bill: billView(await api.bill(/** @type {any} */ (this).id)) })
      } catch (e) {
        this.setData({ bill: null })
      }
    },
    // --- the invoice request under the bill (docs/product-rules.md#the-bill) ---
    onInvoiceOpen() {
      this.setData({ invoicing: true, invoiceForm: invoice.emptyForm(), invoiceHint: '' })
    },
    onInvoiceClose() {
      this.setData({ invoicing: false })
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onInvoiceKind(e) {
      this.setData({ 'invoiceForm.kind': String(e.currentTarget.dataset.kind) })
    },
    /** @param {WechatMiniprogram.Input} e */
    onInvoiceInput(e) {
      this.setData({ [`invoiceForm.${String(e.currentTarget.dataset.field)}`]: e.detail.value })
    },
    async onInvoiceSubmit() {
      this.setData({ busy: true, invoiceHint: '' })
      try {
        const answer = await api.requestInvoice(/** @type {any} */ (this).id, invoice.body(this.data.invoiceForm))
        this.setData({ bill: billView(answer), invoicing: false, busy: false })
        wx.showToast({ title: '已提交发票申请', icon: 'success' })
      } catch (e) {
        const err = /** @type {import('../../utils/api').ApiError} */ (e)
        const hint = invoice.hint(err.field)
        if (hint) this.setData({ busy: false, invoiceHint: hint })
        else this.refused(e)
      }
    },
    onStoreCall() {
      const s = this.data.store
      if (s && s.phone) wx.makePhoneCall({ phoneNumber: s.phone })
    },
    onStoreMap() {
      const s = this.data.store
      if (!s) return
      if (s.location) {
        wx.openLocation({ latitude: s.location.lat, longitude: s.location.lng, name: s.name, address: s.address, scale: 16 })
      } else {
        wx.setClipboardData({ data: s.address })
      }
    },
    onExtraWork() {
      wx.navigateTo({ url: `/pages/booking/extra?id=${encodeURIComponent(/** @type {any} */ (this).id)}` })
    },
    /** @param {import('../../types').Booking} b */
    show(b) {
      this.setData({ booking: view(b), busy: false })
    },
    /** @param {unknown} e */
    refused(e) {
      const err = /** @type {import('../../utils/api').ApiError} */ (e)
      this.setData({ busy: false })
      if (err.code === 'past_cutoff') {
        wx.showModal({
          title: '无法在线操作',
          content: '预约开始前2小时内不能在线取消或改期，请直接致电门店，我们会为您处理。',
          showCancel: false,
          confirmText: '知道了',
        })
      } else {
        wx.showModal({ title: '操作未成功', content: err.message || '请稍后再试', showCancel: false })
      }
    },
    async onAcknowledge() {
      this.setData({ busy: true })
      try {
        this.show(await api.acknowledge(/** @type {any} */ (this).id))
        wx.showToast({ title: '已确认到店', icon: 'success' })
      } catch (e) {
        this.refused(e)
      }
    },
    onCancel() {
      wx.showModal({
        title: '取消预约',
        content: '确定要取消这次预约吗？',
        confirmText: '取消预约',
        cancelText: '再想想',
        success: async (res) => {
          if (!res.confirm) return
          this.setData({ busy: true })
          try {
            this.show(await api.cancel(/** @type {any} */ (this).id, '客户在小程序取消'))
            wx.showToast({ title: '已取消', icon: 'success' })
          } catch (e) {
            this.refused(e)
          }
        },
      })
    },
    onReschedule() {
      const b = this.data.booking
      const date = b && b.start ? b.start.slice(0, 10) : this.data.days[1].date
      this.setData({ rescheduling: true, date, newStart: '', notice: '' })
      return this.loadSlots()
    },
    onCloseReschedule() {
      this.setData({ rescheduling: false })
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onDay(e) {
      this.setData({ date: String(e.currentTarget.dataset.date), newStart: '' })
      this.loadSlots()
    },
    async loadSlots() {
      const b = this.data.booking
      if (!b) return
      this.setData({ slotState: 'loading', slotMessage: '' })
      try {
        const res = await api.slots(b.storeId, this.data.date, b.serviceType)
        this.setData({ slots: res.slots, slotState: res.slots.some((s) => s.available > 0) ? '' : 'empty' })
      } catch (e) {
        this.setData({ slotState: 'error', slotMessage: /** @type {Error} */ (e).message })
      }
    },
    /** @param {WechatMiniprogram.CustomEvent<{start: string}>} e */
    onSlot(e) {
      this.setData({ newStart: e.detail.start })
    },
    async onConfirmReschedule() {
      if (!this.data.newStart) {
        this.setData({ notice: '请选择新的时段' })
        return
      }
      this.setData({ busy: true })
      try {
        this.show(await api.reschedule(/** @type {any} */ (this).id, this.data.newStart))
        this.setData({ rescheduling: false })
        wx.showToast({ title: '已改期', icon: 'success' })
      } catch (e) {
        const err = /** @type {import('../../utils/api').ApiError} */ (e)
        if (err.code === 'slot_full' || err.code === 'day_full') {
          this.setData({ busy: false, newStart: '', notice: err.message })
          await this.loadSlots()
          return
        }
        this.refused(e)
      }
    },
    /** The deposit: our order (made once), WeChat's cashier, then asked until recorded as paid. */
    onPayDeposit() {
      return this.payOrder(api.payDeposit, false)
    },
    /** The bill's balance: our order (the same while open), WeChat's cashier, then asked until recorded as paid. */
    onPayBalance() {
      return this.payOrder(api.payBalance, true)
    },
    /**
     * One payment: `order(id)` asks our API for the order, WeChat's cashier takes it, then the booking is asked
     * until the payment is recorded (`ofBalance`: the bill's balance, else the deposit).
     * @param {(id: string) => Promise<any>} order
     * @param {boolean} ofBalance
     */
    async payOrder(order, ofBalance) {
      const id = /** @type {any} */ (this).id
      this.setData({ busy: true })
      try {
        const made = await order(id)
        if ((await deposit.requestPayment(made.payment)) === 'cancelled') {
          this.setData({ busy: false })
          wx.showToast({ title: '已取消支付', icon: 'none' })
          return
        }
      } catch (e) {
        this.payFailed(e)
        return
      }
      await this.awaitPaid(id, ofBalance)
    },
    async awaitPaid(id, ofBalance = false) {
      let state = ''
      for (let i = 0; i < PAID_CHECKS && state !== 'paid'; i++) {
        if (i) await new Promise((r) => setTimeout(r, config.retryDelayMs * i))
        try {
          const d = ofBalance ? (await api.balancePayment(id)).balance_payment : (await api.deposit(id)).deposit
          state = d ? d.state : ''
        } catch (e) {
          state = ''
        }
      }
      try {
        this.show(await api.booking(id))
        if (ofBalance) await this.loadBill()
      } catch (e) {
        this.setData({ busy: false })
      }
      const paid = ofBalance ? '尾款已支付' : '订金已支付'
      wx.showToast({ title: state === 'paid' ? paid : '支付结果确认中', icon: state === 'paid' ? 'success' : 'none' })
    },
    /** @param {unknown} e */
    payFailed(e) {
      this.setData({ busy: false })
      const err = /** @type {{code?: string, message?: string}} */ (e)
      const known = err && err.code ? err.message : ''
      wx.showModal({ title: '支付未成功', content: known || '微信支付未完成，请稍后重试；如已扣款，请勿重复支付，稍后刷新查看。', showCancel: false })
    },
    onFeedback() {
      wx.navigateTo({ url: `/pages/feedback/index?id=${encodeURIComponent(/** @type {any} */ (this).id)}` })
    },
  },
})
