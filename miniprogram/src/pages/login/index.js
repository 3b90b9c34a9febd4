// Login: wx.login -> POST /mp/login, the token kept in storage. Other pages log in silently through the API
// module; this page is where a failed silent login sends the customer, and what "重新登录" opens.
const { login, clearToken } = require('../../utils/api')

Component({
  data: { state: '', message: '', redirect: '' },
  methods: {
    /** @param {Record<string, string | undefined>} query */
    onLoad(query) {
      this.setData({ redirect: query && query.redirect ? decodeURIComponent(query.redirect) : '' })
    },
    async onLogin() {
      this.setData({ state: 'loading', message: '' })
      clearToken()
      try {
        await login()
        this.setData({ state: 'done' })
        wx.showToast({ title: '登录成功', icon: 'success' })
        const target = this.data.redirect
        if (target) wx.redirectTo({ url: target })
        else wx.switchTab({ url: '/pages/stores/index' })
      } catch (e) {
        this.setData({ state: 'error', message: /** @type {Error} */ (e).message || '登录失败，请重试' })
      }
    },
  },
})
