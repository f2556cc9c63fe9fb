import { LEVELS } from '../protocol/level.js';
import { DEFAULT_BINDINGS, type Binding } from '../tui/keys/bindings.js';
import { isInputMode } from '../tui/keys/commands.js';
import { compileTextPattern } from '../query/text-pattern.js';
import type { Style } from '../tui/view/style.js';
import { defaultTheme, monochromeTheme, type Theme } from '../tui/view/theme.js';
import { ConfigError } from './config-path.js';
import type { ConfigFile, ConfigStyle } from './schema.js';

function toStyle(s: ConfigStyle): Style {
  if (typeof s === 'string' || typeof s === 'number') return { fg: s as Style['fg'] & {} };
  return s as Style;
}

/** The theme with the config file's colours and highlight rules; monochrome keeps only attributes. */
export function themeFromConfig(config: ConfigFile | undefined, monochrome: boolean): Theme {
  const base = monochrome ? monochromeTheme() : defaultTheme();
  if (config === undefined) return base;
  const strip = (s: Style): Style => (monochrome ? { ...s, fg: undefined, bg: undefined } : s);
  const level = { ...base.level };
  for (const l of LEVELS) {
    const s = config.colors?.levels?.[l];
    if (s !== undefined) level[l] = strip(toStyle(s));
  }
  const services = new Map(Object.entries(config.colors?.services ?? {}).map(([name, s]) => [name, strip(toStyle(s))]));
  const highlights = (config.highlight ?? []).map((rule, i) => {
    // Highlights run on the UI thread for every visible row: on an engine that cannot backtrack.
    const compiled = compileTextPattern(rule.pattern);
    if (!compiled.ok) throw new ConfigError(`highlight[${i}].pattern: ${compiled.error}`);
    return { pattern: compiled.pattern, style: strip(toStyle(rule.style)) };
  });
  return {
    ...base,
    level,
    highlights,
    serviceColor: (name) => services.get(name) ?? base.serviceColor(name),
  };
}

/** The keybinding table with the config file's `[keys]` rebindings (command = [keys]). */
export function bindingsFromConfig(config: ConfigFile | undefined): readonly Binding[] {
  const keys = config?.keys;
  if (keys === undefined) return DEFAULT_BINDINGS;
  const known = new Set<string>(DEFAULT_BINDINGS.map((b) => b.command));
  for (const name of Object.keys(keys)) {
    if (!known.has(name)) throw new ConfigError(`keys.${name}: unknown command (commands: ${[...known].join(', ')})`);
  }
  // A rebound command takes its new keys in every row it had; its old keys are freed. In the
  // text boxes a printable key must stay text, so there only named keys are rebound.
  const out: Binding[] = [];
  for (const b of DEFAULT_BINDINGS) {
    const custom = keys[b.command];
    if (custom === undefined) {
      out.push(b);
      continue;
    }
    const typing = b.modes.some((m) => isInputMode(m));
    const usable = typing ? custom.filter((k) => [...k].length > 1) : custom;
    if (usable.length > 0) out.unshift({ ...b, keys: usable });
  }
  return out;
}
