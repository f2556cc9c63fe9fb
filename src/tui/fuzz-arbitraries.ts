import fc from 'fast-check';
import type { BusStatus } from '../bus/bus.js';
import { LEVELS } from '../protocol/level.js';
import type { LogRecord } from '../protocol/log-record.js';
import type { WindowStats } from '../protocol/stats.js';
import type { Rates } from './state/model.js';
import { DEFAULT_BINDINGS } from './keys/bindings.js';
import type { Key } from './keys/key.js';
import { toKey } from './terminal.js';

/*
 * Generators for model-based tests of the collector UI: key presses as the terminal layer
 * reports them, text people type or paste, logs and statistics that are random or hostile.
 */

/** Pieces of text that stress regexes, the query language, widths and sanitising. */
export const TEXT_PIECES: readonly string[] = [
  // regex metacharacters and query syntax
  '\\',
  '^',
  '$',
  '.',
  '*',
  '+',
  '?',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '|',
  '/',
  '-',
  ':',
  '=',
  '!',
  '<',
  '>',
  ',',
  'api-gateway',
  'level:',
  'level:warn+',
  'level:nope',
  'service:',
  'service:auth',
  '-debug',
  '--',
  'ERROR',
  'error',
  'timeout',
  '(a+)+$',
  '\\b',
  '\\B',
  '(?=x)',
  '(?!x)',
  '(?<=a)',
  '(?<!a)',
  '\\1',
  '\\k<n>',
  '(?<n>a)',
  '[^]',
  '[]',
  '\\p{L}',
  '\\P{Lu}',
  '{2,}',
  '{1000}',
  '\\u{1F600}',
  '\\uD83D\\uDE00',
  '\\x41',
  '\\cA',
  '\\0',
  '\\s',
  '\\d+',
  '.*',
  'a{0,64}',
  '\\-',
  // letters, digits, spaces
  'a',
  'b',
  'x',
  'Z',
  'q',
  'j',
  'k',
  '0',
  '7',
  '42',
  ' ',
  '  ',
  // Unicode: accents, combining marks, CJK, astral, RTL, joiners, separators
  'é',
  'e\u0301',
  '\u0301',
  '\u0338\u0338\u0338',
  '日本語',
  '通知',
  'ｱ',
  'Ｗ',
  '😀',
  '𝕏',
  '👨‍👩‍👧',
  '🏴󠁧󠁢󠁥󠁮󠁧󠁿',
  '🇯🇵',
  '❤️',
  'שלום',
  'مرحبا',
  '्',
  '\u200d',
  '\u200c',
  '\ufe0f',
  '\u202e',
  '\u2066',
  '\u061c',
  '\u2028',
  '\u2029',
  '\u200b',
  '\ufeff',
  '\u00ad',
  '\u3164',
  'ß',
  'İ',
  'ſ',
  '\u212a',
  // controls, escape sequences, lone surrogates
  '\x00',
  '\x07',
  '\b',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\x1b',
  '\x7f',
  '\u0085',
  '\u009b',
  '\x1b[2J',
  '\x1b]52;c;ZXZpbA==\x07',
  '\x1b[31m',
  '\ud800',
  '\udc00',
  '\udbff',
];

/** Text from the pieces above, plain random strings, or a very long run. */
export function textArb(maxPieces = 12): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.array(fc.constantFrom(...TEXT_PIECES), { maxLength: maxPieces }).map((p) => p.join('')),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('a', 'x-', '日', '😀', '\u0301', ' ', 'ab '), fc.integer({ min: 100, max: 5000 }))
        .map(([s, n]) => s.repeat(n)),
    },
  );
}

// Named keys with the sequence a terminal sends (readline's names).
const NAMED: Readonly<Record<string, string>> = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  home: '\x1b[H',
  end: '\x1b[F',
  pageup: '\x1b[5~',
  pagedown: '\x1b[6~',
  return: '\r',
  enter: '\n',
  escape: '\x1b',
  backspace: '\x7f',
  tab: '\t',
  space: ' ',
  delete: '\x1b[3~',
  insert: '\x1b[2~',
  f1: '\x1bOP',
  f5: '\x1b[15~',
};

// What readline calls the control characters a paste may hold.
const CONTROL_NAMES: Readonly<Record<string, string>> = {
  '\r': 'return',
  '\n': 'enter',
  '\t': 'tab',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x1b': 'escape',
};

function controlLetter(code: number): string | undefined {
  return code >= 1 && code <= 26 ? `ctrl+${String.fromCharCode(code + 96)}` : undefined;
}

/** A key spec ('j', 'G', 'ctrl+d', 'pagedown', 'wheelup') as the terminal layer reports the key. */
export function keyOf(spec: string): Key {
  if (spec === 'wheelup' || spec === 'wheeldown')
    return { name: spec, ctrl: false, meta: false, shift: false, sequence: '' };
  if (spec.startsWith('ctrl+')) {
    const name = spec.slice(5);
    const code = name.length === 1 ? name.toLowerCase().charCodeAt(0) - 96 : 0;
    return toKey(undefined, {
      name,
      ctrl: true,
      sequence: code > 0 && code < 32 ? String.fromCharCode(code) : (NAMED[name] ?? ''),
    });
  }
  if (spec.startsWith('meta+'))
    return toKey(undefined, { name: spec.slice(5), meta: true, sequence: `\x1b${spec.slice(5)}` });
  const named = NAMED[spec];
  const control = spec.length === 1 ? (CONTROL_NAMES[spec] ?? controlLetter(spec.charCodeAt(0))) : undefined;
  if (control !== undefined) return keyOf(control);
  if (named !== undefined) return toKey(undefined, { name: spec, sequence: named, meta: spec === 'escape' });
  // A typed character: readline names letters (lower case, with shift) and digits; others keep no name.
  const lower = spec.toLowerCase();
  const letter = /^[a-z0-9]$/.test(lower);
  return toKey(spec, { sequence: spec, ...(letter ? { name: lower } : {}), shift: spec !== lower });
}

/** Every key the binding table names, plus a few it does not. */
export const KEY_SPECS: readonly string[] = [
  ...new Set([
    ...DEFAULT_BINDINGS.flatMap((b) => b.keys),
    'tab',
    'delete',
    'insert',
    'f1',
    'f5',
    'ctrl+z',
    'ctrl+x',
    'ctrl+l',
    'meta+x',
    'ctrl+left',
    'x',
    'Q',
    'J',
    '-',
    '[',
    '\\',
  ]),
];

/** Queries and searches people type, most of them valid, several that see where the text ends. */
export const QUERIES: readonly string[] = [
  'api-gateway',
  'error',
  'ERROR',
  'level:warn+',
  'level:error',
  'service:auth -debug',
  '-a',
  'timeout$',
  '\\berror\\b',
  '(a+)+$',
  'ERROR|WARN',
  '^INFO',
  '日本',
  '😀',
  'x(?!x)',
  '(?<=a)b',
  '\\d+',
  '.',
  'hx',
  'service:pay level:info+ fail',
  '-',
  'a-b',
  '[',
  '\\',
  // pipelines: the results pane, and the ones it refuses
  '| head 3',
  '| stats count by',
  '| patterns',
  'pattern:0',
  'pattern:zz',
];

/** Queries with a pipeline the results pane shows. */
export const PIPELINES: readonly string[] = [
  '| stats count by service',
  'level:error | top 3 service',
  '| timechart span=1s count by level',
  'host:ip-10-* | stats count, avg(latency_ms) by service, host | sort -count',
  'a OR b | stats count by level',
  'latency_ms>5 | stats p99(latency_ms), max(time)',
  '| stats count by nope',
  'x:"日本" | top 1 x',
  'service:auth level:warn+ | stats count by service, level',
];

/** Times typed into the jump prompt (t): readable ones, and some that are not. */
export const TIMES: readonly string[] = [
  '11:00',
  '11:00:00.500',
  '-15m',
  '2h',
  '1d',
  '2026-11-28T11:00:00Z',
  '2026-11-28 10:59',
  '1970-01-01',
  '2199-12-31T23:59:59+14:00',
  '24:00',
  '2026-02-30',
  'yesterday',
  '99999999d',
  '',
];

/** Key presses: mostly bound keys, often typed characters (each code point of some text, as a terminal sends them), sometimes a whole filter or search typed and applied. */
export function keysArb(): fc.Arbitrary<Key[]> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...KEY_SPECS).map((s) => [keyOf(s)]) },
    { weight: 3, arbitrary: textArb(4).map((t) => [...t.slice(0, 200)].map((ch) => keyOf(ch))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('i', '/'), fc.constantFrom(...QUERIES))
        .map(([open, q]) => [keyOf(open), ...[...q].map((ch) => keyOf(ch)), keyOf('return')]),
    },
    // A time typed into the jump prompt.
    {
      weight: 1,
      arbitrary: fc.constantFrom(...TIMES).map((t) => [keyOf('t'), ...[...t].map((ch) => keyOf(ch)), keyOf('return')]),
    },
    // The histogram, then keys of its pane.
    {
      weight: 1,
      arbitrary: fc
        .array(
          fc.constantFrom('h', 'l', 'left', 'right', 'g', 'G', 'home', 'end', 'T', 'return', 'escape', 'H', 'q', '?'),
          {
            maxLength: 8,
          },
        )
        .map((keys) => [keyOf('H'), ...keys.map((k) => keyOf(k))]),
    },
    // A pipeline, then keys of the results pane.
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...PIPELINES),
          fc.array(fc.constantFrom('j', 'k', 'return', 'escape', 'i', 'down', 'q', '?'), { maxLength: 6 }),
        )
        .map(([q, keys]) => [
          keyOf('i'),
          ...[...q].map((ch) => keyOf(ch)),
          keyOf('return'),
          ...keys.map((k) => keyOf(k)),
        ]),
    },
    // The patterns view, then its keys.
    {
      weight: 1,
      arbitrary: fc
        .array(fc.constantFrom(...PATTERNS_KEYS), { maxLength: 8 })
        .map((keys) => [keyOf('P'), ...keys.map((k) => keyOf(k))]),
    },
    // The help, opened from the list or a pane, then its keys.
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom([], ['P'], ['H'], ['j', 'return']),
          fc.array(fc.constantFrom(...HELP_KEYS), { maxLength: 8 }),
        )
        .map(([open, keys]) => [...open, '?', ...keys].map((k) => keyOf(k))),
    },
  );
}

/** Keys people press in the help. */
export const HELP_KEYS: readonly string[] = [
  'j',
  'k',
  'down',
  'pagedown',
  'pageup',
  'g',
  'G',
  'wheeldown',
  'q',
  '?',
  'escape',
];

/** Keys people press in the patterns view. */
export const PATTERNS_KEYS: readonly string[] = [
  'j',
  'k',
  's',
  'G',
  'g',
  'pagedown',
  'return',
  'escape',
  'P',
  'q',
  '?',
];

const weirdNumber = fc.oneof(
  fc.nat({ max: 100_000 }),
  fc.constantFrom(0, -1, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity, -Infinity, 0.5, 1e-300),
  fc.double(),
);

/** A statistics window with random, extreme or nonsensical numbers and hostile names. */
export function statsArb(): fc.Arbitrary<WindowStats> {
  const name = textArb(4);
  return fc.record({
    window_start: fc.oneof(fc.constant('2026-11-28T11:00:00.000Z'), name),
    window_end: fc.constant('2026-11-28T11:00:01.000Z'),
    total_count: weirdNumber,
    error_count: weirdNumber,
    top_service: fc.option(name, { nil: null }),
    window_seconds: fc.oneof(fc.constantFrom(1, 10, 60, 1.001, 59.9), weirdNumber),
    levels: fc.record(
      Object.fromEntries(LEVELS.map((l) => [l, weirdNumber])) as Record<(typeof LEVELS)[number], fc.Arbitrary<number>>,
    ),
    error_rate: weirdNumber,
    services: fc.array(fc.record({ name, count: weirdNumber, errors: weirdNumber }), { maxLength: 30 }),
    top_errors: fc.array(fc.record({ pattern: name, count: weirdNumber, service: name, example: name }), {
      maxLength: 8,
    }),
    latency_ms: fc.option(fc.record({ p50: weirdNumber, p95: weirdNumber, p99: weirdNumber, count: weirdNumber }), {
      nil: null,
    }),
    late_count: weirdNumber,
    plain_count: weirdNumber,
    missed_count: weirdNumber,
  });
}

/** Throughput counters, possibly nonsensical. */
export function ratesArb(): fc.Arbitrary<Rates> {
  return fc.record({
    logsPerSecond: weirdNumber,
    received: weirdNumber,
    plain: weirdNumber,
    evicted: weirdNumber,
    missed: weirdNumber,
    disconnects: weirdNumber,
    truncated: weirdNumber,
    outOfRange: weirdNumber,
  });
}

/** A connection status, its error text possibly hostile. */
export function statusArb(): fc.Arbitrary<BusStatus> {
  return fc.record(
    {
      state: fc.constantFrom('connecting', 'ready', 'reconnecting', 'closed'),
      since: fc.oneof(fc.constant(0), weirdNumber),
      error: textArb(6),
    },
    { requiredKeys: ['state', 'since'] },
  );
}

/** A JSON log payload with random fields. */
export function logPayloadArb(): fc.Arbitrary<string> {
  const level = fc.oneof(
    fc.constantFrom('INFO', 'DEBUG', 'WARN', 'ERROR', 'FATAL', 'TRACE', 'warning', 'err'),
    textArb(2),
  );
  const service = fc.oneof(
    fc.constantFrom('auth-service', 'payment-service', 'api-gateway', 'notification-service'),
    textArb(3),
  );
  const timestamp = fc.oneof(
    fc.constant('2026-11-28T11:00:00.000000'),
    fc.constant('not a time'),
    fc.constant(''),
    textArb(2),
  );
  const host = fc.oneof(fc.constantFrom('ip-10-0-1-20', 'ip-10-0-2-7', undefined), textArb(2));
  return fc
    .record({
      timestamp,
      level,
      service,
      message: textArb(),
      latency_ms: fc.oneof(fc.constant(undefined), weirdNumber),
      host,
    })
    .map((r) => JSON.stringify(r));
}

/** A full record as the detail view may get it, with impossible times and awkward fields. */
export function recordArb(): fc.Arbitrary<LogRecord> {
  const deep = fc
    .integer({ min: 1, max: 20_000 })
    .map((n) => JSON.parse(`${'['.repeat(n)}${']'.repeat(n)}`) as unknown);
  const value = fc.oneof(
    textArb(4),
    weirdNumber,
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(10n),
    deep,
    fc.array(textArb(2), { maxLength: 4 }),
  );
  return fc.record({
    time: fc.oneof(fc.constant(1_764_327_600_000), weirdNumber, fc.constantFrom(8.64e15 + 1, -8.64e15 - 1)),
    timeFromEvent: fc.boolean(),
    level: fc.constantFrom(...LEVELS),
    service: textArb(3),
    message: textArb(),
    latencyMs: fc.option(weirdNumber, { nil: undefined }),
    fields: fc.option(fc.dictionary(textArb(2), value, { maxKeys: 5 }), { nil: undefined }),
    plain: fc.boolean(),
    raw: textArb(3),
  });
}
