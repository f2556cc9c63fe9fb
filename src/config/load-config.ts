import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { ConfigError } from './config-path.js';
import { configSchema, type ConfigFile } from './schema.js';

export { ConfigError, configPath } from './config-path.js';

/** Reads and validates a TOML config file; throws ConfigError naming the line and key. */
export function loadConfig(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot read the config file (${err instanceof Error ? err.message : String(err)})`);
  }
  return parseConfig(text, path);
}

/** Parses and validates config text (see loadConfig). */
export function parseConfig(text: string, name = 'config'): ConfigFile {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    if (err instanceof TomlError)
      throw new ConfigError(`${name}:${err.line}: ${err.message.split('\n')[0] ?? 'invalid TOML'}`);
    throw new ConfigError(`${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.path.map(String).join('.');
  const line = findLine(text, issue);
  throw new ConfigError(
    `${name}${line === undefined ? '' : `:${line}`}: ${key === '' ? '(top level)' : key}: ${describe(issue)}`,
  );
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union')
    return 'expected a colour name, 0-255, "#rrggbb", or a table { fg, bg, bold, dim, italic, underline, reverse }';
  return issue.message;
}

/**
 * The line of the offending key. TOML parsers do not keep positions, so the key is looked up
 * in the text: the last path segment that is a key, searched after its table's header.
 */
function findLine(text: string, issue: z.core.$ZodIssue): number | undefined {
  const path = issue.path.map(String);
  const keys = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
  const lines = text.split(/\r?\n/);
  const names = keys.filter((k) => !/^\d+$/.test(k));
  const last = names[names.length - 1];
  if (last === undefined) return undefined;
  const header = names.slice(0, -1).join('.');
  let start = 0;
  if (header !== '') {
    const h = lines.findIndex((l) => new RegExp(`^\\s*\\[\\[?\\s*${escape(header)}\\s*\\]\\]?`).test(l));
    if (h >= 0) start = h;
  }
  const keyRe = new RegExp(
    `^\\s*(?:"${escape(last)}"|${escape(last)})\\s*=|^\\s*\\[\\[?\\s*${escape([...names].join('.'))}\\s*\\]`,
  );
  for (let i = start; i < lines.length; i++) if (keyRe.test(lines[i]!)) return i + 1;
  return start > 0 ? start + 1 : undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
