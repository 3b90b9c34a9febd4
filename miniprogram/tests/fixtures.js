/** A booking as the API answers it. @param {Record<string, any>} [over] */
function booking(over = {}) {
  return {
    booking_id: 'b-1', store_id: 'demo-pudong', status: 'pending',
    start: '2026-12-02T14:00:00+08:00', end: '2026-12-02T15:00:00+08:00', service_type: 'maintenance',
    tier: 'recommended', discount: 0.15, priority: null, advisor: '王师傅', price_estimate: '656.00', price: '656.00', segment: '周中午后闲时', description: '刹车异响',
    acknowledged_at: null, customer: { name: '张伟', phone: '13800138000' },
    vehicle: { plate: '沪AD12345', model: 'Mazda CX-5', mileage: 35000 }, events: [],
    ...over,
  }
}
module.exports = { booking }
