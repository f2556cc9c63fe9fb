import type { Random } from '../core/random.js';

// Two hex digits per byte, built once: formatting ids by table lookup is several times faster
// than toString(16) + padStart on the generator's hot path.
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexWord(n: number): string {
  return (
    (HEX_BYTE[(n >>> 24) & 0xff] as string) +
    (HEX_BYTE[(n >>> 16) & 0xff] as string) +
    (HEX_BYTE[(n >>> 8) & 0xff] as string) +
    (HEX_BYTE[n & 0xff] as string)
  );
}

const SEARCH_TERMS = [
  'laptop',
  'running shoes',
  'coffee beans',
  'wireless earbuds',
  'desk lamp',
  'usb-c cable',
  'yoga mat',
  'backpack',
  'mechanical keyboard',
  'water bottle',
  'monitor arm',
  'green tea',
] as const;
const SEARCH_QUERIES: readonly string[] = SEARCH_TERMS.map((term) => encodeURIComponent(term));
const CURRENCIES = ['USD', 'EUR', 'JPY', 'GBP'] as const;

/**
 * Realistic variable parts of log messages (ids, addresses, amounts). Formats are chosen so that
 * masking digits, hex runs, UUIDs and IPs turns every variant of a message into one pattern.
 *
 * The entity ids (user, order, SKU, UUID) are drawn once per log and then repeated, so a
 * message and its `path` field name the same order; `newLog()` starts the next log.
 */
export class FakeValues {
  private log = 0;
  private userAt = -1;
  private user = 0;
  private orderAt = -1;
  private order = '';
  private skuAt = -1;
  private skuValue = '';
  private uuidAt = -1;
  private uuidValue = '';

  constructor(private readonly rng: Random) {}

  /** Forgets this log's ids: the next log draws its own. */
  newLog(): void {
    this.log++;
  }

  /** A customer id such as `48213`. */
  userId(): number {
    if (this.userAt !== this.log) {
      this.user = this.rng.int(10_000, 99_999);
      this.userAt = this.log;
    }
    return this.user;
  }

  /** An order number such as `ORD-1048213`. */
  orderId(): string {
    if (this.orderAt !== this.log) {
      this.order = `ORD-${this.rng.int(1_000_000, 9_999_999)}`;
      this.orderAt = this.log;
    }
    return this.order;
  }

  /** A stock-keeping unit such as `SKU-30412`. */
  sku(): string {
    if (this.skuAt !== this.log) {
      this.skuValue = `SKU-${this.rng.int(10_000, 99_999)}`;
      this.skuAt = this.log;
    }
    return this.skuValue;
  }

  /** A random (version 4) UUID: a payment, job or session id. */
  uuid(): string {
    if (this.uuidAt !== this.log) {
      this.uuidValue = this.freshUuid();
      this.uuidAt = this.log;
    }
    return this.uuidValue;
  }

  private freshUuid(): string {
    const r = this.rng;
    const a = hexWord(r.uint32());
    const b = hexWord(r.uint32());
    const c = hexWord(r.uint32());
    const d = hexWord(r.uint32());
    // Version nibble 4 and variant bits 10xx, as in RFC 9562.
    const variant = '89ab'[r.uint32() & 3] as string;
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }

  /** A W3C trace id: 32 lower-case hex digits. */
  traceId(): string {
    const r = this.rng;
    return hexWord(r.uint32()) + hexWord(r.uint32()) + hexWord(r.uint32()) + hexWord(r.uint32());
  }

  /** 8 hex digits, e.g. a device token prefix or a key id. */
  hex8(): string {
    return hexWord(this.rng.uint32());
  }

  /** A client address from the documentation ranges (RFC 5737) and private networks. */
  clientIp(): string {
    const r = this.rng;
    const x = r.uint32();
    switch (x & 3) {
      case 0:
        return `203.0.113.${(x >>> 8) & 0xff}`;
      case 1:
        return `198.51.100.${(x >>> 8) & 0xff}`;
      case 2:
        return `192.0.2.${(x >>> 8) & 0xff}`;
      default:
        return `10.${(x >>> 8) & 0x0f}.${(x >>> 12) & 0xff}.${(x >>> 20) & 0xff}`;
    }
  }

  /** An address inside the cluster, for connection errors. */
  podIp(): string {
    const x = this.rng.uint32();
    return `10.0.${(x >>> 8) & 0x3f}.${x & 0xff}`;
  }

  /** A money amount with cents, such as `129.90 USD`. */
  amount(): string {
    const r = this.rng;
    const cents = Math.floor(r.logNormal(8.2, 0.9)); // median ≈ 36.00
    const frac = cents % 100;
    return `${Math.floor(cents / 100)}.${frac < 10 ? '0' : ''}${frac} ${r.pick(CURRENCIES)}`;
  }

  /** An e-mail address in the reserved example.com domain. */
  email(): string {
    return `user${this.rng.int(10_000, 99_999)}@example.com`;
  }

  /** A product search query. */
  searchTerm(): string {
    return this.rng.pick(SEARCH_TERMS);
  }

  /** A product search query, URL-encoded for a query string. */
  searchQuery(): string {
    return this.rng.pick(SEARCH_QUERIES);
  }

  /** A small count such as items in a cart. */
  count(min: number, max: number): number {
    return this.rng.int(min, max);
  }
}
