/** A named ANSI colour; the terminal's palette decides the exact shade. */
export type NamedColor =
  | 'black'
  | 'red'
  | 'green'
  | 'yellow'
  | 'blue'
  | 'magenta'
  | 'cyan'
  | 'white'
  | 'gray'
  | 'brightRed'
  | 'brightGreen'
  | 'brightYellow'
  | 'brightBlue'
  | 'brightMagenta'
  | 'brightCyan'
  | 'brightWhite';

/** A colour: a named ANSI colour, a 256-colour palette index (0–255), or a '#rrggbb' true colour. */
export type Color = NamedColor | number | `#${string}`;

/** How a cell looks; absent fields mean the terminal default. Treat as immutable: encodings are cached per object. */
export interface Style {
  fg?: Color | undefined;
  bg?: Color | undefined;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  reverse?: boolean;
}

const NAMED_FG: Record<NamedColor, number> = {
  black: 30,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  white: 37,
  // 'gray' is bright black: the only grey every 16-colour palette has.
  gray: 90,
  brightRed: 91,
  brightGreen: 92,
  brightYellow: 93,
  brightBlue: 94,
  brightMagenta: 95,
  brightCyan: 96,
  brightWhite: 97,
};

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** SGR parameters for one colour, as foreground (`base` 38) or background (`base` 48). */
export function colorParams(color: Color, base: 38 | 48): string {
  if (typeof color === 'number') {
    if (!Number.isInteger(color) || color < 0 || color > 255) {
      throw new RangeError(`256-colour index out of range: ${color}`);
    }
    return `${base};5;${color}`;
  }
  if (color.startsWith('#')) {
    if (!HEX_COLOR.test(color)) throw new RangeError(`not a #rrggbb colour: ${color}`);
    const n = Number.parseInt(color.slice(1), 16);
    return `${base};2;${(n >> 16) & 0xff};${(n >> 8) & 0xff};${n & 0xff}`;
  }
  const code = NAMED_FG[color as NamedColor] as number | undefined;
  if (code === undefined) throw new RangeError(`unknown colour name: ${color}`);
  return String(base === 38 ? code : code + 10);
}

/**
 * The complete SGR sequence for a style. It always starts from a reset ('0'), so applying it
 * never depends on what was active before; that is what lets the renderer compare encodings.
 */
export function sgr(style: Style | undefined, monochrome = false): string {
  if (style === undefined) return '\x1b[0m';
  let p = '0';
  if (style.bold === true) p += ';1';
  if (style.dim === true) p += ';2';
  if (style.italic === true) p += ';3';
  if (style.underline === true) p += ';4';
  if (style.reverse === true) p += ';7';
  if (!monochrome) {
    if (style.fg !== undefined) p += ';' + colorParams(style.fg, 38);
    if (style.bg !== undefined) p += ';' + colorParams(style.bg, 48);
  }
  return `\x1b[${p}m`;
}

/** A style with `over`'s defined fields laid on top of `base`'s. */
export function mergeStyle(base: Style | undefined, over: Style): Style {
  if (base === undefined) return over;
  const merged: Style = { ...base };
  for (const key of Object.keys(over) as (keyof Style)[]) {
    const value = over[key];
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/** Whether two styles look the same (field by field; `undefined` equals `{}`). */
export function styleEquals(a: Style | undefined, b: Style | undefined): boolean {
  if (a === b) return true;
  const x = a ?? {};
  const y = b ?? {};
  return (
    x.fg === y.fg &&
    x.bg === y.bg &&
    (x.bold ?? false) === (y.bold ?? false) &&
    (x.dim ?? false) === (y.dim ?? false) &&
    (x.italic ?? false) === (y.italic ?? false) &&
    (x.underline ?? false) === (y.underline ?? false) &&
    (x.reverse ?? false) === (y.reverse ?? false)
  );
}

/** Whether colours should be dropped: NO_COLOR (https://no-color.org) is set and not empty. */
export function isMonochrome(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env['NO_COLOR'];
  return v !== undefined && v !== '';
}

/**
 * Caches each style object's SGR sequence. Views usually share a few constant style objects,
 * so a per-object cache turns the per-cell encoding into one WeakMap lookup.
 */
export class SgrEncoder {
  private readonly cache = new WeakMap<Style, string>();

  /** An encoder; `monochrome` drops colours but keeps bold/dim/italic/underline/reverse. */
  constructor(readonly monochrome = false) {}

  /** The SGR sequence for `style` (see `sgr`). */
  encode(style: Style | undefined): string {
    if (style === undefined) return '\x1b[0m';
    let s = this.cache.get(style);
    if (s === undefined) {
      s = sgr(style, this.monochrome);
      this.cache.set(style, s);
    }
    return s;
  }
}
