/**
 * The part of npm's semver range syntax that `engines.node` fields use: `>=20`, `^20.19.0 ||
 * >=22`, `>= 14.6`, `~1.2`, `1 - 2`, `*`. Anything else throws, so that an unusual range fails
 * the check that reads it instead of passing unread.
 */
export type Version = readonly [number, number, number];

type Comparator = { op: '>=' | '<'; v: Version };

/** Parses `20.19.0`, `v20.19`, `20` into its numbers; missing parts are undefined. */
function partial(text: string): (number | undefined)[] {
  const m = /^v?(\d+|[x*])(?:\.(\d+|[x*]))?(?:\.(\d+|[x*]))?$/i.exec(text);
  if (m === null) throw new Error(`unsupported version "${text}"`);
  return [m[1], m[2], m[3]].map((p) => (p === undefined || /^[x*]$/i.test(p) ? undefined : Number(p)));
}

function filled(p: (number | undefined)[]): Version {
  return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];
}

/** The first version after every version that `p` names (`20` → 21.0.0, `20.9` → 20.10.0). */
function after(p: (number | undefined)[]): Version {
  const [a, b, c] = p;
  if (a === undefined) return [Infinity, 0, 0];
  if (b === undefined) return [a + 1, 0, 0];
  if (c === undefined) return [a, b + 1, 0];
  return [a, b, c + 1];
}

function comparators(op: string, text: string): Comparator[] {
  const p = partial(text);
  const lo = filled(p);
  switch (op) {
    case '>=':
      return [{ op: '>=', v: lo }];
    case '>':
      return [{ op: '>=', v: after(p) }];
    case '<':
      return [{ op: '<', v: lo }];
    case '<=':
      return [{ op: '<', v: after(p) }];
    case '~':
      return [
        { op: '>=', v: lo },
        { op: '<', v: p[1] === undefined ? after(p.slice(0, 1)) : after(p.slice(0, 2)) },
      ];
    case '^': {
      const keep = (p[0] ?? 0) > 0 || p[1] === undefined ? 1 : (p[1] ?? 0) > 0 || p[2] === undefined ? 2 : 3;
      return [
        { op: '>=', v: lo },
        { op: '<', v: after(p.slice(0, keep)) },
      ];
    }
    case '':
    case '=':
      return [
        { op: '>=', v: lo },
        { op: '<', v: after(p) },
      ];
    default:
      throw new Error(`unsupported operator "${op}"`);
  }
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The comparator sets of a range: a version satisfies the range when it passes every comparator of one set. */
function parseRange(range: string): Comparator[][] {
  return range.split('||').map((set) => {
    const text = set.trim().replace(/([<>=^~]+)\s+/g, '$1');
    if (text === '' || text === '*' || /^x$/i.test(text)) return [];
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen !== null) return [...comparators('>=', hyphen[1]!), ...comparators('<=', hyphen[2]!)];
    return text.split(/\s+/).flatMap((part) => {
      const m = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(part);
      if (m === null) throw new Error(`unsupported range "${range}"`);
      return comparators(m[1] ?? '', m[2]!);
    });
  });
}

/** Whether `version` (e.g. `process.versions.node`) is in `range`. */
export function satisfies(version: string | Version, range: string): boolean {
  const v = typeof version === 'string' ? filled(partial(version)) : version;
  return parseRange(range).some((set) =>
    set.every((c) => (c.op === '>=' ? compare(v, c.v) >= 0 : compare(v, c.v) < 0)),
  );
}

/**
 * Versions where the answer of either range can change: every bound they name and its
 * neighbours, and each major from 16 to 40. Checking these is enough to compare two ranges.
 */
export function boundaryVersions(...ranges: string[]): Version[] {
  const out: Version[] = [];
  for (let major = 16; major <= 40; major++) out.push([major, 0, 0]);
  for (const c of ranges.flatMap(parseRange).flat()) {
    const [a, b, p] = c.v;
    if (!Number.isFinite(a)) continue;
    out.push(c.v, [a, b, p + 1], [a, b + 1, 0], [a + 1, 0, 0]);
    if (p > 0) out.push([a, b, p - 1]);
    if (b > 0) out.push([a, b - 1, 999]);
    if (a > 0) out.push([a - 1, 999, 999]);
  }
  return out;
}

/** The versions `inner` allows that `outer` does not (none when `inner` is within `outer`). */
export function notCovered(inner: string, outer: string): Version[] {
  return boundaryVersions(inner, outer).filter((v) => satisfies(v, inner) && !satisfies(v, outer));
}
