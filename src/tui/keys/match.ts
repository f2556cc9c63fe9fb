import type { Binding } from './bindings.js';
import { MODES, type Command, type Mode } from './commands.js';
import type { Key } from './key.js';

/** Canonical spec of a key press: the typed character for printable keys, else `ctrl+name`-style. */
export function keySpec(key: Key): string {
  const printable = key.sequence.length > 0 && !key.ctrl && !key.meta && isPrintable(key.sequence);
  if (printable && key.name !== 'space' && key.name !== 'return' && key.name !== 'tab') return key.sequence;
  const mods = `${key.ctrl ? 'ctrl+' : ''}${key.meta ? 'meta+' : ''}${key.shift && !printable ? 'shift+' : ''}`;
  return `${mods}${key.name}`;
}

function isPrintable(s: string): boolean {
  const c = s.codePointAt(0) ?? 0;
  return c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c < 0xa0);
}

/** A lookup table from (mode, key spec) to command, built once from the bindings. */
export type KeyMap = ReadonlyMap<string, Command>;

/** Builds the lookup table; later rows do not override earlier ones for the same key. */
export function buildKeyMap(bindings: readonly Binding[]): KeyMap {
  const map = new Map<string, Command>();
  for (const b of bindings) {
    for (const mode of b.modes) {
      for (const k of b.keys) {
        const id = `${mode}:${k}`;
        if (!map.has(id)) map.set(id, b.command);
      }
    }
  }
  return map;
}

/** The command a key press triggers in a mode, if any. */
export function commandFor(map: KeyMap, mode: Mode, key: Key): Command | undefined {
  return map.get(`${mode}:${keySpec(key)}`);
}

/** The command a key press triggers in every mode alike (Ctrl-C's quit), if it has one. */
export function commandInEveryMode(map: KeyMap, key: Key): Command | undefined {
  const first = commandFor(map, MODES[0] as Mode, key);
  return MODES.every((mode) => commandFor(map, mode, key) === first) ? first : undefined;
}
