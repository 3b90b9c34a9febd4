// Licence plate entry with the province keyboard: the first character from the 31 province abbreviations,
// then letters and digits (7 characters, 8 for new-energy plates).
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'.split('')
const KEYS = '1234567890QWERTYUPASDFGHJKLZXCVBNM'.split('') // no I or O on plates

/** @param {string} plate */
function isValidPlate(plate) {
  return /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}$/.test(plate)
}

Component({
  properties: {
    value: { type: String, value: '' },
  },
  data: {
    provinces: PROVINCES,
    keys: KEYS,
    open: false,
    chars: /** @type {string[]} */ ([]),
    cells: [0, 1, 2, 3, 4, 5, 6, 7],
    valid: false,
  },
  observers: {
    value(/** @type {string} */ v) {
      const plate = (v || '').toUpperCase()
      this.setData({ chars: plate.split(''), valid: isValidPlate(plate) })
    },
  },
  methods: {
    onOpen() {
      this.setData({ open: true })
    },
    onClose() {
      this.setData({ open: false })
    },
    /** @param {WechatMiniprogram.TouchEvent} e */
    onKey(e) {
      const key = String(e.currentTarget.dataset.key)
      const chars = this.data.chars.slice()
      if (chars.length >= 8) return
      chars.push(key)
      this.emit(chars)
    },
    onDelete() {
      const chars = this.data.chars.slice(0, -1)
      this.emit(chars)
    },
    /** @param {string[]} chars */
    emit(chars) {
      const plate = chars.join('')
      const valid = isValidPlate(plate)
      this.setData({ chars, valid })
      this.triggerEvent('change', { value: plate, valid })
    },
  },
})
