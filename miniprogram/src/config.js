// One place a chain edits before uploading: API base URL per environment, chain id, subscribe-message template ids.
// envVersion comes from wx.getAccountInfoSync().miniProgram.envVersion: develop (DevTools / preview),
// trial (体验版), release (正式版). Every https host here must be on the request-domain allow list.

/** @type {import('./types').AppConfig} */
const config = {
  chainId: 'demo',
  env: {
    develop: { baseUrl: 'http://127.0.0.1:8000' },
    trial: { baseUrl: 'https://api-trial.example.com' },
    release: { baseUrl: 'https://api.example.com' },
  },
  // Subscribe-message templates: the kind the backend counts (POST /mp/subscriptions) -> the template id from
  // the mini-program admin console (订阅消息). Empty ids are skipped, so an unconfigured app still books.
  templates: {
    booking_confirmed: '',
    reminder: '',
    follow_up: '',
  },
  // Network failures are retried this many times, with the same Idempotency-Key.
  retries: 2,
  retryDelayMs: 400,
}

module.exports = config
