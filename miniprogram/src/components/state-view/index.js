// Loading / empty / error, the same on every page. state: '' (content shown), 'loading', 'empty', 'error'.
Component({
  properties: {
    state: { type: String, value: '' },
    message: { type: String, value: '' },
    emptyText: { type: String, value: '' },
    loadingText: { type: String, value: '' },
    actionText: { type: String, value: '' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry')
    },
    onAction() {
      this.triggerEvent('action')
    },
  },
})
