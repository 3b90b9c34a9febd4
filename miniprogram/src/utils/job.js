// The job under way as the customer reads it (docs/product-rules.md#promised-time, #extra-work): the promised
// hand-back time, the timeline of what happened, the extra work waiting for an answer. Times in China's clock.

/** "HH:MM" in China (UTC+8) of any ISO time. @param {string | null | undefined} iso */
function chinaTime(iso) {
  if (!iso) return ''
  const t = new Date(new Date(iso).getTime() + 8 * 3600e3)
  return `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`
}

/** "12月1日 10:00" in China (UTC+8). @param {string | null | undefined} iso */
function chinaWhen(iso) {
  if (!iso) return ''
  const t = new Date(new Date(iso).getTime() + 8 * 3600e3)
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${chinaTime(iso)}`
}

/** The time and the rest of a note "<iso> rest". @param {string | undefined} note */
function noteParts(note) {
  const [when, ...rest] = String(note || '').split(' ')
  return { when, rest: rest.join(' ') }
}

/** @type {Record<string, (note: string | undefined) => string>} */
const TIMELINE = {
  arrived: () => '已到店接车',
  promised: (note) => `约定交车时间 ${chinaWhen(noteParts(note).when)}`,
  in_service: () => '开始施工',
  progress_checked: () => '进度检查：进展顺利',
  delayed: (note) => `交车延后：${noteParts(note).rest}，预计 ${chinaWhen(noteParts(note).when)}`,
  extra_work_proposed: () => '发现增项，等待您确认',
  extra_work_approved: () => '增项已同意',
  extra_work_declined: () => '增项未同意',
  promise_moved: (note) => `因增项交车时间顺延至 ${chinaWhen(noteParts(note).when)}`,
  pickup_notice: (note) => (String(note || '').includes('skipped') ? '' : '取车提醒已发送'),
  completed: () => '已完工，可以取车',
}

/** @param {import('../types').Booking} b */
function timeline(b) {
  return (b.events || [])
    .map((e) => ({ time: chinaWhen(e.at), text: TIMELINE[e.kind] ? TIMELINE[e.kind](e.note || undefined) : '' }))
    .filter((e) => e.text)
}

/** @param {import('../types').Booking} b */
function promised(b) {
  const p = b.promised
  if (!p) return null
  return { at: chinaWhen(p.at), first: p.delays ? chinaWhen(p.first) : '', reason: p.reason || '' }
}

/** How many extra-work items wait for the customer's answer. @param {import('../types').Booking} b */
function pendingExtra(b) {
  return (b.extra_work || []).filter((i) => i.status === 'proposed').length
}

module.exports = { chinaTime, chinaWhen, timeline, promised, pendingExtra }
