// Request and response shapes of the /mp API the app uses (the backend's HTTP contract).

export interface EnvConfig { baseUrl: string }
export interface AppConfig {
  chainId: string
  env: { develop: EnvConfig; trial: EnvConfig; release: EnvConfig }
  templates: Record<string, string>
  retries: number
  retryDelayMs: number
}

// The API's request and response shapes are generated from its OpenAPI document (src/api.gen.d.ts,
// `make client-types`); here only what the app adds on the device.
import type * as Api from './api.gen'

export type {
  Booking, BookingEvent, BookingRequest, BookingsResponse, Coupon, CouponsResponse, ErrorBody, Erased, FirstAvailableResponse, LoginResponse,
  MpOperations, MyData, SlotsResponse, StoresResponse, SubscriptionsResponse,
} from './api.gen'

export interface LatLng { lat: number; lng: number }
/** A store as listed; `distance_km` is worked out on the device from the customer's location. */
export type Store = Api.Store & { distance_km?: number }
export type Slot = Api.Slot
export type ExtraItem = Api.ExtraItem
export type Bill = Api.Bill
export type Deposit = Api.Deposit
export type Tier = Api.Slot['tier']
export type BookingStatus = Api.Booking['status']
export type Vehicle = Api.BookingRequest['vehicle']
/** A service type the API takes (the page keeps it as the text it was tapped or linked with). */
export type ServiceType = Api.BookingRequest['service_type']
export type Customer = Api.BookingRequest['customer']
export type SubscriptionsRequest = Api.Subscriptions

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH'
  path: string
  data?: unknown
  query?: Record<string, string | number | undefined | null>
  idempotencyKey?: string
  auth?: boolean
  retry?: boolean
}
