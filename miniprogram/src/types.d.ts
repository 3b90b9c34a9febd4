// Request and response shapes of the /mp API the app uses (the backend's HTTP contract).

export interface EnvConfig { baseUrl: string }
export interface AppConfig {
  chainId: string
  env: { develop: EnvConfig; trial: EnvConfig; release: EnvConfig }
  templates: Record<string, string>
  retries: number
  retryDelayMs: number
}

export interface ErrorBody { error: { code: string; message: string; field: string | null } }
export interface LoginResponse { token: string; customer_id: string }

export interface LatLng { lat: number; lng: number }
export interface Store {
  store_id: string
  name: string
  address: string
  phone: string
  timezone: string
  slot_minutes: number
  hours: Record<string, [string, string]>
  // Added by the stores-near-me work; optional until every backend has it.
  city?: string
  district?: string
  location?: LatLng
  distance_km?: number
}
export interface StoresResponse { stores: Store[] }

export type Tier = 'recommended' | 'normal' | 'busy'
export interface Slot {
  start: string
  end: string
  available: number
  tier: Tier
  discount: number | null
  segment?: string
  price_estimate?: string | number | null
  store_id?: string
  store_name?: string
}
export interface SlotsResponse { store_id: string; date: string; closed: string | null; slots: Slot[] }
export interface FirstAvailableResponse { slots: Slot[] }

export interface Vehicle { plate: string; model: string; mileage: number }
export interface Customer { name: string; phone: string }
export interface BookingRequest {
  store_id: string
  start: string
  service_type: string
  customer: Customer
  vehicle: Vehicle
  description?: string
}
export type BookingStatus = 'pending' | 'confirmed' | 'arrived' | 'in_service' | 'completed' | 'cancelled' | 'no_show'
export interface Booking {
  booking_id: string
  store_id: string
  status: BookingStatus
  start: string | null
  end: string | null
  service_type: string
  tier: string | null
  discount: number | null
  priority: string | null
  advisor: string | null
  price: string | number | null
  description: string | null
  acknowledged_at: string | null
  customer: Customer
  vehicle: Vehicle
  events: { at: string; kind: string; by: string; note?: string }[]
}
export interface BookingsResponse { bookings: Booking[] }
export interface SubscriptionsRequest { templates: Record<string, number> }

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH'
  path: string
  data?: unknown
  query?: Record<string, string | number | undefined | null>
  idempotencyKey?: string
  auth?: boolean
  retry?: boolean
}
