// App entry: installs the privacy-agreement listener; the token is fetched lazily by the API module.
const privacy = require('./utils/privacy')

App({
  onLaunch() {
    privacy.install()
  },
})
