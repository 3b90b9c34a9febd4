// After service: the follow-up survey, a score of 1-5 and a comment (POST /mp/bookings/{id}/feedback).
const { api } = require('../../utils/api')
const { when, serviceName } = require('../../utils/format')

const LABELS = ['', '非常不满意', '不满意', '一般', '满意', '非常满意']

Component({
  data: {
    state: 'loading',
    message: '',
    summary: '',
    score: 0,
    scoreLabel: '',
    stars: [1, 2, 3, 4, 5],
    comment: '',
    submitting: false,
    error: '',
    done: false,
  },
  methods: {
    /** @param {Record<string, string | undefined>} query */
    onLoad(query) {
      Object.assign(this, { id: query && query.id ? decodeURIComponent(query.id) : '' })
      return this.load()
    },
    async load() {
      const id = /** @type {any} */ (this).id
      if (!id) {
        this.setData({ state: 'error', message: '链接缺少预约编号' })
        return
      }
      this.setData({ state: 'loading', message: '' })
      try {
        const b = await api.booking(id)
        this.setData({ summary: `${serviceName(b.service_type)} · ${when(b.start)}`, state: '' })
      } catch (e) {
        this.setData({ state: 'error', message: /** @type {Error} */ (e).message })
      }
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onStar(e) {
      const score = Number(e.currentTarget.dataset.score)
      this.setData({ score, scoreLabel: LABELS[score], error: '' })
    },
    /** @param {WechatMiniprogram.Input} e */
    onComment(e) {
      this.setData({ comment: e.detail.value })
    },
    async onSubmit() {
      if (this.data.score < 1) {
        this.setData({ error: '请先为本次服务打分' })
        return
      }
      this.setData({ submitting: true, error: '' })
      try {
        await api.feedback(/** @type {any} */ (this).id, this.data.score, this.data.comment.trim())
        this.setData({ submitting: false, done: true })
        wx.showToast({ title: '感谢您的评价', icon: 'success' })
      } catch (e) {
        const err = /** @type {import('../../utils/api').ApiError} */ (e)
        this.setData({ submitting: false, error: err.message, done: err.code === 'feedback_given' })
      }
    },
  },
})
