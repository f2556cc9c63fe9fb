import type { Level } from '../../protocol/level.js';
import type { TextPattern } from '../../query/text-pattern.js';
import type { Color, Style } from './style.js';

/** Colours and styles of the collector; monochrome themes keep levels apart with bold/reverse. */
export interface Theme {
  level: Record<Level, Style>;
  border: Style;
  activeBorder: Style;
  title: Style;
  selected: Style;
  dim: Style;
  error: Style;
  ok: Style;
  warn: Style;
  bar: Style;
  /** Marker rows for gaps in the stream. */
  gap: Style;
  /** Search matches and the search pattern. */
  search: Style;
  /** The gutter marker of a marked log (`m`). */
  mark: Style;
  /** Highlight rules from the config file, applied to message text (on the linear-time engine when they could backtrack). */
  highlights: { pattern: TextPattern; style: Style }[];
  serviceColor(name: string): Style;
}

// A palette of 256-colour indices that read well on dark and light backgrounds.
const SERVICE_PALETTE: readonly Color[] = [39, 208, 141, 43, 214, 75, 170, 114, 178, 69, 204, 80, 147, 173, 36, 135];

/** The default colour theme. */
export function defaultTheme(): Theme {
  const cache = new Map<string, Style>();
  return {
    level: {
      trace: { fg: 'gray' },
      debug: { fg: 'cyan' },
      info: { fg: 'green' },
      warn: { fg: 'yellow' },
      error: { fg: 'red', bold: true },
      fatal: { fg: 'brightWhite', bg: 'red', bold: true },
    },
    border: { fg: 'gray' },
    activeBorder: { fg: 'yellow' },
    title: { bold: true },
    selected: { reverse: true },
    dim: { fg: 'gray' },
    error: { fg: 'red', bold: true },
    ok: { fg: 'green' },
    warn: { fg: 'yellow' },
    bar: { fg: 'cyan' },
    gap: { fg: 'black', bg: 'yellow', bold: true },
    search: { fg: 'black', bg: 'brightYellow' },
    mark: { fg: 'brightMagenta', bold: true },
    highlights: [],
    serviceColor(name) {
      let style = cache.get(name);
      if (style === undefined) {
        style = { fg: SERVICE_PALETTE[hash(name) % SERVICE_PALETTE.length]! };
        if (cache.size < 10_000) cache.set(name, style);
      }
      return style;
    },
  };
}

/** A theme without colours (NO_COLOR): levels still differ by weight and reverse video. */
export function monochromeTheme(): Theme {
  return {
    ...defaultTheme(),
    level: {
      trace: { dim: true },
      debug: { dim: true },
      info: {},
      warn: { bold: true },
      error: { bold: true, underline: true },
      fatal: { bold: true, reverse: true },
    },
    gap: { reverse: true, bold: true },
    search: { reverse: true, underline: true },
    mark: { bold: true },
    serviceColor: () => ({}),
  };
}

// FNV-1a: stable across runs and machines, so a service keeps its colour.
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
