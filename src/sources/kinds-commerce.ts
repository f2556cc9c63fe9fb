import { ACCESS, route, type ServiceKind } from './log-templates.js';

// Templates of the shop's business services: payments, orders, stock and search.

/** A payment service: slow (it waits on an external provider) and the most error-prone. */
export const PAYMENT: ServiceKind = {
  medianMs: 180,
  levelBias: { warn: 1.3, error: 1.5 },
  routes: [
    route('POST', 201, () => '/api/v1/payments'),
    route('POST', 200, (f) => `/api/v1/payments/${f.uuid()}/capture`),
    route('POST', 201, () => '/api/v1/refunds'),
    route('GET', 200, (f) => `/api/v1/payments/${f.uuid()}`),
  ],
  templates: {
    debug: [
      { w: 3, msg: (c) => `Fraud score for order ${c.f.orderId()}: 0.${c.f.count(10, 99)}` },
      { w: 2, msg: (c) => `Provider request id ${c.f.uuid()}` },
    ],
    info: [
      { ...ACCESS, w: 6 },
      {
        w: 4,
        route: route('POST', 201, () => '/api/v1/payments'),
        msg: (c) => `Payment ${c.f.uuid()} authorized: ${c.f.amount()} for order ${c.f.orderId()}`,
      },
      { w: 2, lat: 1, msg: (c) => `Payment captured for order ${c.f.orderId()}` },
      {
        w: 1,
        route: route('POST', 201, () => '/api/v1/refunds'),
        msg: (c) => `Refund issued for order ${c.f.orderId()}: ${c.f.amount()}`,
      },
    ],
    warn: [
      {
        w: 3,
        route: 'any',
        status: 402,
        msg: (c) => `Payment declined for order ${c.f.orderId()}: insufficient_funds`,
      },
      { w: 2, route: 'any', status: 402, msg: (c) => `Payment declined for order ${c.f.orderId()}: card_expired` },
      { w: 2, lat: 3, msg: (c) => `Retrying provider call (attempt ${c.f.count(2, 3)}/3) for payment ${c.f.uuid()}` },
      { w: 1, msg: (c) => `3-D Secure challenge required for order ${c.f.orderId()}` },
      { ...ACCESS, w: 2 },
    ],
    error: [
      {
        w: 3,
        route: 'any',
        status: 502,
        msg: (c) => `Payment provider error for order ${c.f.orderId()}: HTTP 502 from provider`,
      },
      {
        w: 2,
        route: 'any',
        status: 504,
        timeout: true,
        msg: (c) => `Failed to capture payment ${c.f.uuid()}: provider timeout after ${c.latency}ms`,
      },
      { w: 1, lat: 2, msg: (c) => `Ledger write failed for transaction ${c.f.uuid()}: deadlock detected` },
      { ...ACCESS, w: 1 },
    ],
  },
};

/** An order service: the saga at the centre of every purchase. */
export const ORDER: ServiceKind = {
  medianMs: 45,
  levelBias: {},
  routes: [
    route('POST', 201, () => '/api/v1/orders'),
    route('GET', 200, (f) => `/api/v1/orders/${f.orderId()}`),
    route('PATCH', 200, (f) => `/api/v1/orders/${f.orderId()}`),
    route('POST', 200, (f) => `/api/v1/orders/${f.orderId()}/cancel`),
    route('GET', 200, (f) => `/api/v1/carts/${f.userId()}`),
  ],
  templates: {
    debug: [
      { w: 3, msg: (c) => `Recalculating totals for cart of user ${c.f.userId()}: ${c.f.count(1, 12)} items` },
      { w: 2, msg: (c) => `Publishing event order.created for ${c.f.orderId()}` },
    ],
    info: [
      { ...ACCESS, w: 8 },
      {
        w: 3,
        route: route('POST', 201, () => '/api/v1/orders'),
        msg: (c) =>
          `Order ${c.f.orderId()} created for user ${c.f.userId()}: ${c.f.count(1, 9)} items, total ${c.f.amount()}`,
      },
      { w: 2, msg: (c) => `Order ${c.f.orderId()} status changed: PAID -> SHIPPED` },
      { w: 1, msg: (c) => `Order ${c.f.orderId()} cancelled by user ${c.f.userId()}` },
    ],
    warn: [
      { w: 3, route: 'any', status: 404, msg: (c) => `Order ${c.f.orderId()} not found` },
      { w: 2, route: 'any', status: 409, msg: (c) => `Order ${c.f.orderId()} is already cancelled` },
      { w: 2, lat: 6, msg: (c) => `Inventory reservation slow for order ${c.f.orderId()}: ${c.latency}ms` },
      { ...ACCESS, w: 2 },
    ],
    error: [
      {
        w: 3,
        route: 'any',
        status: 503,
        msg: (c) => `Failed to create order for user ${c.f.userId()}: inventory-service returned 503`,
      },
      {
        w: 2,
        msg: () => `Database error on orders insert: duplicate key value violates unique constraint "orders_pkey"`,
      },
      { w: 1, msg: (c) => `Saga compensation failed for order ${c.f.orderId()}: refund step timed out` },
      { ...ACCESS, w: 1 },
    ],
  },
};

/** An inventory service: fast lookups, lock contention on reservations. */
export const INVENTORY: ServiceKind = {
  medianMs: 20,
  levelBias: {},
  routes: [
    route('GET', 200, (f) => `/api/v1/inventory/${f.sku()}`),
    route('POST', 201, () => '/api/v1/inventory/reservations'),
    route('DELETE', 204, (f) => `/api/v1/inventory/reservations/${f.uuid()}`),
  ],
  templates: {
    debug: [
      { w: 2, msg: (c) => `Stock cache refreshed: ${c.f.count(1_000, 50_000)} SKUs` },
      { w: 2, msg: (c) => `Reservation ${c.f.uuid()} TTL extended by 300s` },
    ],
    info: [
      { ...ACCESS, w: 8 },
      {
        w: 3,
        route: route('POST', 201, () => '/api/v1/inventory/reservations'),
        msg: (c) => `Reserved ${c.f.count(1, 5)} units of ${c.f.sku()} for order ${c.f.orderId()}`,
      },
      { w: 2, msg: (c) => `Released reservation ${c.f.uuid()}` },
    ],
    warn: [
      { w: 3, msg: (c) => `Low stock for ${c.f.sku()}: ${c.f.count(0, 9)} units left (threshold 10)` },
      {
        w: 2,
        route: 'any',
        status: 409,
        msg: (c) => `Insufficient stock for ${c.f.sku()}: requested ${c.f.count(2, 10)}, available ${c.f.count(0, 1)}`,
      },
      { w: 1, msg: (c) => `Reservation ${c.f.uuid()} expired before confirmation` },
    ],
    error: [
      { w: 3, lat: 20, msg: (c) => `Failed to reserve stock for order ${c.f.orderId()}: lock wait timeout exceeded` },
      {
        w: 1,
        msg: (c) => `Stock count mismatch for ${c.f.sku()}: expected ${c.f.count(10, 99)}, found ${c.f.count(0, 9)}`,
      },
      { ...ACCESS, w: 1 },
    ],
  },
};

/** A search service: heavy queries with a long latency tail. */
export const SEARCH: ServiceKind = {
  medianMs: 70,
  levelBias: { debug: 1.4 },
  routes: [
    route('GET', 200, (f) => `/api/v1/search?q=${f.searchQuery()}&page=${f.count(1, 5)}`),
    route('GET', 200, (f) => `/api/v1/search/suggest?q=${f.searchQuery()}`),
  ],
  templates: {
    debug: [
      { w: 2, msg: (c) => `Query parsed: ${c.f.count(1, 6)} terms, ${c.f.count(0, 4)} filters` },
      { w: 2, lat: 0.5, msg: (c) => `Index shard ${c.f.count(0, 11)} responded in ${c.latency}ms` },
    ],
    info: [
      { ...ACCESS, w: 6 },
      {
        w: 4,
        lat: 1,
        msg: (c) => `Search "${c.f.searchTerm()}" returned ${c.f.count(0, 5_000)} hits in ${c.latency}ms`,
      },
      { w: 1, msg: (c) => `Reindexed ${c.f.count(100, 10_000)} documents into products-v${c.f.count(40, 42)}` },
    ],
    warn: [
      { w: 3, lat: 8, msg: (c) => `Slow query "${c.f.searchTerm()}": ${c.latency}ms` },
      { w: 1, msg: (c) => `Search shard ${c.f.count(0, 11)} degraded, serving partial results` },
      { w: 1, route: 'any', status: 400, msg: (c) => `Query too long (${c.f.count(257, 2_000)} chars), rejected` },
    ],
    error: [
      {
        w: 2,
        msg: (c) =>
          `Elasticsearch query failed: search_phase_execution_exception on index products-v${c.f.count(40, 42)}`,
      },
      { w: 2, route: 'any', status: 504, timeout: true, msg: (c) => `Search backend timeout after ${c.latency}ms` },
      { ...ACCESS, w: 1 },
    ],
  },
};
