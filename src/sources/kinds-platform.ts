import { ACCESS, route, type ServiceKind } from './log-templates.js';

// Templates of the platform services: gateway, auth, users, notifications, and a catch-all.

/** An API gateway: the busiest service; mostly access logs about other services' routes. */
export const GATEWAY: ServiceKind = {
  medianMs: 30,
  levelBias: { debug: 0.5 },
  routes: [
    route('GET', 200, (f) => `/api/v1/products/${f.sku()}`),
    route('GET', 200, (f) => `/api/v1/search?q=${f.searchQuery()}`),
    route('POST', 201, () => '/api/v1/orders'),
    route('GET', 200, (f) => `/api/v1/orders/${f.orderId()}`),
    route('GET', 200, (f) => `/api/v1/users/${f.userId()}`),
    route('POST', 201, () => '/api/v1/payments'),
    route('POST', 200, () => '/api/v1/auth/login'),
  ],
  templates: {
    debug: [
      { w: 2, route: 'any', msg: (c) => `Route matched ${c.method} ${c.path}` },
      { w: 1, msg: (c) => `TLS session resumed for ${c.f.clientIp()}` },
    ],
    info: [{ ...ACCESS, w: 20 }],
    warn: [
      { ...ACCESS, w: 6 },
      { w: 2, route: 'any', status: 429, msg: (c) => `Client ${c.f.clientIp()} exceeded rate limit (100 req/s)` },
      { w: 1, route: 'any', lat: 10, msg: (c) => `Slow upstream response: ${c.latency}ms for ${c.method} ${c.path}` },
    ],
    error: [
      { ...ACCESS, w: 3 },
      { w: 2, route: 'any', status: 502, msg: (c) => `Upstream connection reset while proxying ${c.method} request` },
      { w: 1, route: 'any', status: 504, timeout: true, msg: (c) => `Upstream timed out after ${c.latency}ms` },
    ],
  },
};

/** An authentication service: logins, tokens, and a steady trickle of failed passwords. */
export const AUTH: ServiceKind = {
  medianMs: 18,
  levelBias: { warn: 1.3 },
  routes: [
    route('POST', 200, () => '/api/v1/auth/login'),
    route('POST', 200, () => '/api/v1/auth/refresh'),
    route('POST', 204, () => '/api/v1/auth/logout'),
    route('GET', 200, () => '/api/v1/auth/session'),
  ],
  templates: {
    debug: [
      { w: 3, msg: (c) => `Validating JWT for user ${c.f.userId()}` },
      { w: 2, msg: (c) => `Token cache hit for session ${c.f.uuid()}` },
      { w: 1, msg: (c) => `Loaded ${c.f.count(2, 4)} signing keys from JWKS` },
    ],
    info: [
      { ...ACCESS, w: 5 },
      {
        w: 5,
        route: route('POST', 200, () => '/api/v1/auth/login'),
        msg: (c) => `User ${c.f.userId()} logged in from ${c.f.clientIp()}`,
      },
      {
        w: 3,
        route: route('POST', 200, () => '/api/v1/auth/refresh'),
        msg: (c) => `Access token refreshed for user ${c.f.userId()}`,
      },
      { w: 1, msg: (c) => `Session ${c.f.uuid()} expired for user ${c.f.userId()}` },
    ],
    warn: [
      {
        w: 5,
        route: route('POST', 200, () => '/api/v1/auth/login'),
        status: 401,
        msg: (c) => `Failed login attempt for user ${c.f.userId()} from ${c.f.clientIp()}: invalid password`,
      },
      {
        w: 2,
        route: route('POST', 200, () => '/api/v1/auth/login'),
        status: 429,
        msg: (c) => `Too many login attempts from ${c.f.clientIp()}: ${c.f.count(5, 50)} in 60s`,
      },
      {
        w: 2,
        route: 'any',
        status: 403,
        msg: (c) => `Permission denied: user ${c.f.userId()} lacks scope orders:write`,
      },
    ],
    error: [
      {
        w: 3,
        route: 'any',
        status: 500,
        msg: (c) => `Failed to validate token: signature verification failed (kid ${c.f.hex8()})`,
      },
      { w: 2, lat: 3, msg: (c) => `Session store unavailable: connect ECONNREFUSED ${c.f.podIp()}:6379` },
      { w: 1, route: 'any', status: 503, timeout: true, msg: (c) => `Identity provider timeout after ${c.latency}ms` },
    ],
  },
};

/** A user-profile service: quick reads, occasional conflicts. */
export const USER: ServiceKind = {
  medianMs: 15,
  levelBias: {},
  routes: [
    route('GET', 200, (f) => `/api/v1/users/${f.userId()}`),
    route('PATCH', 200, (f) => `/api/v1/users/${f.userId()}`),
    route('POST', 201, () => '/api/v1/users'),
    route('GET', 200, (f) => `/api/v1/users/${f.userId()}/preferences`),
  ],
  templates: {
    debug: [
      { w: 2, msg: (c) => `Profile cache miss for user ${c.f.userId()}` },
      { w: 1, msg: (c) => `Loaded ${c.f.count(3, 40)} preferences for user ${c.f.userId()}` },
    ],
    info: [
      { ...ACCESS, w: 8 },
      {
        w: 2,
        route: route('PATCH', 200, (f) => `/api/v1/users/${f.userId()}`),
        msg: (c) => `User ${c.f.userId()} updated profile`,
      },
      {
        w: 1,
        route: route('POST', 201, () => '/api/v1/users'),
        msg: (c) => `New user registered: ${c.f.userId()} (${c.f.email()})`,
      },
    ],
    warn: [
      { w: 3, route: 'any', status: 404, msg: (c) => `User ${c.f.userId()} not found` },
      {
        w: 1,
        route: route('POST', 201, () => '/api/v1/users'),
        status: 409,
        msg: (c) => `Email ${c.f.email()} already registered`,
      },
      { w: 1, msg: (c) => `Avatar upload for user ${c.f.userId()} exceeds ${c.f.count(2_049, 9_000)} KB, resized` },
    ],
    error: [
      {
        w: 2,
        route: 'any',
        status: 500,
        msg: (c) => `Failed to update user ${c.f.userId()}: connection reset by peer`,
      },
      { w: 1, msg: (c) => `Data export for user ${c.f.userId()} failed: AccessDenied writing to bucket user-exports` },
    ],
  },
};

/**
 * A notification service: a queue consumer, not an HTTP server. It writes the odd Japanese or
 * emoji message (as real notification copy does), which exercises wide-character handling.
 */
export const NOTIFICATION: ServiceKind = {
  medianMs: 90,
  levelBias: { warn: 1.4 },
  // Only its internal enqueue endpoint; it logs requests there only when it is failing.
  routes: [route('POST', 202, () => '/internal/v1/notifications')],
  templates: {
    debug: [
      { w: 2, msg: () => `Rendering template order_shipped (locale ja-JP)` },
      { w: 2, msg: (c) => `Dequeued job ${c.f.uuid()} from queue notifications` },
    ],
    info: [
      { w: 6, lat: 1, msg: (c) => `Email sent to user ${c.f.userId()} (template order_confirmation)` },
      { w: 4, lat: 0.5, msg: (c) => `Push notification delivered to device ${c.f.hex8()}` },
      { w: 2, msg: (c) => `SMS queued for user ${c.f.userId()}` },
      { w: 0.3, lat: 0.5, msg: (c) => `プッシュ通知を送信しました (ユーザー ${c.f.userId()})` },
      { w: 0.2, msg: (c) => `📨 Email queued for user ${c.f.userId()}` },
      { w: 0.2, msg: (c) => `🔔 注文 ${c.f.orderId()} の発送通知を送信しました` },
    ],
    warn: [
      { w: 3, msg: (c) => `Email to user ${c.f.userId()} bounced: mailbox full` },
      { w: 2, msg: (c) => `Push token for device ${c.f.hex8()} is no longer valid` },
      { w: 2, msg: (c) => `Retrying SMS to user ${c.f.userId()} (attempt ${c.f.count(2, 5)}/5)` },
      { w: 0.3, msg: (c) => `⚠️ メール送信を再試行します (ユーザー ${c.f.userId()})` },
    ],
    error: [
      { w: 3, lat: 4, msg: (c) => `SMTP error sending to user ${c.f.userId()}: 421 Service not available` },
      { w: 2, msg: (c) => `Push provider rejected batch ${c.f.uuid()}: HTTP 503` },
      {
        w: 0.3,
        timeout: true,
        msg: (c) => `通知の送信に失敗しました: ユーザー ${c.f.userId()} (タイムアウト ${c.latency}ms)`,
      },
    ],
  },
};

/** Any other service: a generic worker with a small REST API. */
export const GENERIC: ServiceKind = {
  medianMs: 25,
  levelBias: {},
  routes: [
    route('GET', 200, (f) => `/api/v1/items/${f.count(1, 99_999)}`),
    route('POST', 201, () => '/api/v1/items'),
    route('GET', 200, () => '/api/v1/status'),
  ],
  templates: {
    debug: [
      { w: 2, msg: (c) => `Cache miss for key item:${c.f.count(1, 99_999)}` },
      { w: 1, msg: (c) => `Worker ${c.f.count(1, 16)} heartbeat` },
    ],
    info: [
      { ...ACCESS, w: 8 },
      { w: 3, lat: 2, msg: (c) => `Processed job ${c.f.uuid()} in ${c.latency}ms` },
      { w: 1, msg: (c) => `Scheduled cleanup completed: ${c.f.count(0, 5_000)} rows removed` },
    ],
    warn: [
      { w: 2, msg: (c) => `Retrying request to ${c.dep} (attempt ${c.f.count(2, 3)}/3)` },
      { w: 2, msg: (c) => `Queue depth ${c.f.count(1_001, 9_999)} above threshold 1000` },
      { ...ACCESS, w: 1 },
    ],
    error: [
      {
        w: 2,
        msg: (c) =>
          `Unhandled error in job ${c.f.uuid()}: TypeError: Cannot read properties of undefined (reading 'id')`,
      },
      { w: 2, route: 'any', status: 503, msg: (c) => `Connection to ${c.dep} refused` },
      { ...ACCESS, w: 1 },
    ],
  },
};
