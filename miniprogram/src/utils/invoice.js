// The invoice request under the bill (docs/product-rules.md#the-bill): the store invoices, we pass the request on.
// 个人: a title (抬头); 单位: the title and the 统一社会信用代码 (18 digits and capital letters); an e-mail if wanted.

const KINDS = { personal: '个人', company: '单位' }
// what the customer reads when the backend refuses a field
const FIELD_HINTS = {
  title: '请填写发票抬头（不超过100字）',
  tax_id: '税号应为18位数字或大写字母',
  email: '请填写正确的邮箱地址',
}

/** @param {import('../types').Bill['invoice']} sent */
function view(sent) {
  if (!sent) return null
  return { kindName: KINDS[sent.kind], title: sent.title, taxId: sent.tax_id || '', email: sent.email || '' }
}

/** @param {{ kind: 'personal' | 'company', title: string, tax_id: string, email: string }} form */
function body(form) {
  /** @type {import('../api.gen').InvoiceRequest} */
  const sent = { kind: form.kind, title: form.title.trim() }
  if (form.kind === 'company') sent.tax_id = form.tax_id.trim().toUpperCase()
  if (form.email.trim()) sent.email = form.email.trim()
  return sent
}

/** @param {string | null | undefined} field */
function hint(field) {
  return (field && FIELD_HINTS[/** @type {keyof typeof FIELD_HINTS} */ (field)]) || ''
}

function emptyForm() {
  return { kind: /** @type {'personal' | 'company'} */ ('personal'), title: '', tax_id: '', email: '' }
}

module.exports = { view, body, hint, emptyForm }
