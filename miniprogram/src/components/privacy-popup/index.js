// The privacy agreement WeChat requires before personal data is collected (location, phone number, the booking
// form). Placed on each page that collects such data; while the page is shown it answers WeChat's
// onNeedPrivacyAuthorization.
const privacy = require('../../utils/privacy')

Component({
  data: { show: false, contractName: '《用户隐私保护指引》' },
  lifetimes: {
    attached() {
      this.register()
    },
    detached() {
      privacy.setHandler(null)
    },
  },
  pageLifetimes: {
    show() {
      this.register()
    },
  },
  methods: {
    register() {
      privacy.setHandler((resolve) => {
        Object.assign(this, { resolve: resolve })
        this.setData({ show: true })
        if (typeof wx.getPrivacySetting === 'function') {
          wx.getPrivacySetting({
            success: (res) => {
              if (res.privacyContractName) this.setData({ contractName: res.privacyContractName })
            },
          })
        }
      })
    },
    onOpenContract() {
      if (typeof wx.openPrivacyContract === 'function') wx.openPrivacyContract({})
    },
    onAgree() {
      const resolve = /** @type {any} */ (this).resolve
      if (resolve) resolve({ buttonId: 'agree-btn', event: 'agree' })
      Object.assign(this, { resolve: null })
      this.setData({ show: false })
      this.triggerEvent('agree')
    },
    onDisagree() {
      const resolve = /** @type {any} */ (this).resolve
      if (resolve) resolve({ event: 'disagree' })
      Object.assign(this, { resolve: null })
      this.setData({ show: false })
      this.triggerEvent('disagree')
    },
  },
})
