// Me: phone binding (getPhoneNumber button -> POST /mp/phone), remembered vehicles, my coupons, marketing consent,
// privacy: export (GET /mp/me/data) and erase (DELETE /mp/me). Routes an older backend lacks answer 404:
// the page says the feature is not open yet instead of failing.
const { api, clearToken, getToken } = require('../../utils/api')
const storage = require('../../utils/storage')

const NOT_OPEN = '该功能暂未开放，敬请期待'

Component({
  data: {
    state: 'loading',  // until the first show
    phoneBound: false,
    phoneMessage: '',
    vehicles: /** @type {import('../../types').Vehicle[]} */ ([]),
    consent: false,
    busy: false,
    exported: '',
  },
  methods: {
    onLoad() {
      this.refresh()
      this.loadConsent()
    },
    onShow() {
      // the first show comes right after onLoad, which has just read everything; later shows read again
      if (this.data.state === 'loading') {
        this.setData({ state: '' })
        return
      }
      this.refresh()
      this.loadConsent()
    },
    /** What the device remembers: vehicles, the consent copy, whether the phone is bound. */
    refresh() {
      this.setData({ vehicles: storage.vehicles(), consent: storage.marketingConsent(), phoneBound: wx.getStorageSync('phone_bound') === true })
    },
    /** The server's answer is what counts (invitations go only to customers who agreed); the device keeps a copy.
     * Signed out (e.g. just erased): nothing to ask, and no sign-in just for this. */
    loadConsent() {
      if (!getToken()) return
      api.consent().then((r) => {
        storage.setMarketingConsent(r.marketing)
        this.setData({ consent: r.marketing })
      }).catch(() => {})
    },
    /** @param {WechatMiniprogram.CustomEvent<{code?: string, errMsg: string}>} e */
    async onPhone(e) {
      const code = e.detail && e.detail.code
      if (!code) {
        this.setData({ phoneMessage: '未授权手机号，您也可以在预约时手动填写' })
        return
      }
      this.setData({ busy: true, phoneMessage: '' })
      try {
        await api.bindPhone(code)
        wx.setStorageSync('phone_bound', true)
        this.setData({ busy: false, phoneBound: true, phoneMessage: '手机号已绑定，门店为您电话登记的预约也会显示在这里' })
      } catch (err) {
        const ae = /** @type {import('../../utils/api').ApiError} */ (err)
        this.setData({ busy: false, phoneMessage: ae.routeMissing ? NOT_OPEN : ae.message })
      }
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onForgetVehicle(e) {
      storage.forgetVehicle(String(e.currentTarget.dataset.plate))
      this.setData({ vehicles: storage.vehicles() })
    },
    /** Marketing consent is stored by the server (PUT /mp/me/consent); a refusal puts the switch back. @param {WechatMiniprogram.SwitchChange} e */
    async onConsent(e) {
      const wanted = !!e.detail.value
      this.setData({ consent: wanted })
      try {
        const r = await api.setConsent(wanted)
        storage.setMarketingConsent(r.marketing)
        this.setData({ consent: r.marketing })
      } catch (err) {
        const ae = /** @type {import('../../utils/api').ApiError} */ (err)
        this.setData({ consent: !wanted })
        wx.showToast({ title: ae.routeMissing ? NOT_OPEN : ae.message, icon: 'none' })
      }
    },
    async onExport() {
      this.setData({ busy: true })
      try {
        const data = await api.exportData()
        const text = JSON.stringify(data, null, 2)
        this.setData({ busy: false, exported: text })
        wx.setClipboardData({ data: text })
      } catch (err) {
        const ae = /** @type {import('../../utils/api').ApiError} */ (err)
        this.setData({ busy: false })
        wx.showModal({ title: '导出个人数据', content: ae.routeMissing ? NOT_OPEN : ae.message, showCancel: false })
      }
    },
    onErase() {
      wx.showModal({
        title: '删除个人信息',
        content: '删除后，您的姓名、手机号、车辆和预约记录中的个人信息将被清除且无法恢复。确定删除吗？',
        confirmText: '确定删除',
        confirmColor: '#c0392b',
        success: async (res) => {
          if (!res.confirm) return
          this.setData({ busy: true })
          try {
            await api.erase()
            clearToken()
            wx.clearStorageSync()
            this.setData({ busy: false })
            this.refresh()
            wx.showToast({ title: '已删除', icon: 'success' })
          } catch (err) {
            const ae = /** @type {import('../../utils/api').ApiError} */ (err)
            this.setData({ busy: false })
            wx.showModal({ title: '删除个人信息', content: ae.routeMissing ? NOT_OPEN : ae.message, showCancel: false })
          }
        },
      })
    },
    onPrivacyContract() {
      if (typeof wx.openPrivacyContract === 'function') wx.openPrivacyContract({})
    },
    onMyCoupons() {
      wx.navigateTo({ url: '/pages/coupons/index' })
    },
    onRelogin() {
      wx.navigateTo({ url: '/pages/login/index' })
    },
  },
})
