// Wording and small calculations the pages share.

/** @type {{code: string, name: string}[]} */
const SERVICE_TYPES = [
  { code: 'maintenance', name: '保养' },
  { code: 'first_service', name: '首保' },
  { code: 'inspection', name: '检测' },
  { code: 'repair', name: '维修' },
  { code: 'beauty', name: '装饰美容' },
  { code: 'accident', name: '事故车' },
  { code: 'warranty', name: '保修' },
  { code: 'recall', name: '召回' },
  { code: 'rework', name: '返修' },
]

/** @type {Record<string, string>} */
const STATUS = {
  pending: '待确认',
  confirmed: '已确认',
  arrived: '已到店',
  in_service: '服务中',
  completed: '已完成',
  cancelled: '已取消',
  no_show: '未到店',
}

/** @type {Record<string, string>} */
const TIER = { recommended: '推荐', normal: '', busy: '繁忙' }

const PROGRESS = ['pending', 'confirmed', 'arrived', 'in_service', 'completed']
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** @param {string} code */
function serviceName(code) {
  const found = SERVICE_TYPES.find((s) => s.code === code)
  return found ? found.name : code
}

/** @param {string} status */
function statusName(status) {
  return STATUS[status] || status
}

/** "HH:MM" of an ISO time, as the store's clock reads it. @param {string | null | undefined} iso */
function hhmm(iso) {
  return iso ? iso.slice(11, 16) : ''
}

/** "12月1日 周二 10:00". @param {string | null | undefined} iso */
function when(iso) {
  if (!iso) return ''
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number)
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return `${m}月${d}日 周${WEEKDAYS[weekday]} ${hhmm(iso)}`
}

/**
 * The next n days as the store (China, UTC+8) counts them.
 * @param {number} n
 * @param {number} [now]
 * @returns {{date: string, label: string, weekday: string}[]}
 */
function nextDays(n, now = Date.now()) {
  const out = []
  for (let i = 0; i < n; i++) {
    const t = new Date(now + 8 * 3600 * 1000 + i * 86400 * 1000)
    const date = t.toISOString().slice(0, 10)
    const label = i === 0 ? '今天' : i === 1 ? '明天' : i === 2 ? '后天' : `${t.getUTCMonth() + 1}/${t.getUTCDate()}`
    out.push({ date, label, weekday: `周${WEEKDAYS[t.getUTCDay()]}` })
  }
  return out
}

/** "8.5折" from 0.15 (the share taken off labour). @param {number | null | undefined} discount */
function discountLabel(discount) {
  if (!discount) return ''
  const zhe = Math.round((1 - discount) * 100) / 10
  return `工时${zhe}折`
}

/** "¥656.00". @param {string | number | null | undefined} price */
function priceLabel(price) {
  if (price === null || price === undefined || price === '') return ''
  const n = Number(price)
  return Number.isFinite(n) ? `¥${n.toFixed(2)}` : ''
}

/**
 * Great-circle distance in km.
 * @param {{lat: number, lng: number}} a
 * @param {{lat: number, lng: number}} b
 */
function distanceKm(a, b) {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6371 * Math.asin(Math.sqrt(h))
}

/** "800米" / "3.2公里". @param {number | null | undefined} km */
function distanceLabel(km) {
  if (km === null || km === undefined || !Number.isFinite(km)) return ''
  return km < 1 ? `${Math.round(km * 1000)}米` : `${km.toFixed(1)}公里`
}

/** Opening hours as one line: "08:30-17:30". @param {Record<string, [string, string]> | undefined} hours */
function hoursLabel(hours) {
  if (!hours) return ''
  const spans = Object.values(hours).map((h) => `${h[0]}-${h[1]}`)
  const uniq = spans.filter((s, i) => spans.indexOf(s) === i)
  return uniq.length === 1 ? `营业时间 ${uniq[0]}` : uniq.length ? `营业时间 ${uniq.join(' / ')}` : ''
}

module.exports = {
  SERVICE_TYPES, STATUS, TIER, PROGRESS,
  serviceName, statusName, hhmm, when, nextDays, discountLabel, priceLabel, distanceKm, distanceLabel, hoursLabel,
}
